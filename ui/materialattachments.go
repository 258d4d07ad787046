package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
	"trellis/sync/client"
	"trellis/ui/dialogs"
)

// materialAttachments is the Materials editor's Attachments tab: the
// material's files (a printable PDF, pictures, recordings for families who
// do not read), each opened with the computer's own program for it; a file
// this laptop does not hold yet is fetched from the county server first.
type materialAttachments struct {
	m       *MaterialsScreen
	content fyne.CanvasObject
	list    *widget.List
	attach  *button
	note    *widget.Label
	items   []data.MaterialAttachment
}

func newMaterialAttachments(m *MaterialsScreen) *materialAttachments {
	sh := m.sh
	a := &materialAttachments{m: m}
	a.note = wrappedLabel(sh.T("materials.no_attachments"))
	a.attach = newButtonWithIcon(sh.T("materials.attach"), fynetheme.FileIcon(), a.askAttach)
	a.list = widget.NewList(func() int { return len(a.items) },
		func() fyne.CanvasObject {
			open := newButtonWithIcon(sh.T("materials.open"), fynetheme.FileApplicationIcon(), nil)
			return sh.mirror(container.NewBorder(nil, nil, nil, open, newTwoLineRow(sh)))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			att := a.items[i]
			var text *fyne.Container
			var open *button
			for _, obj := range row.Objects {
				switch w := obj.(type) {
				case *fyne.Container:
					text = w
				case *button:
					open = w
				}
			}
			setTwoLineRow(sh, text, att.Name, a.infoText(att))
			open.OnTapped = func() { sh.openAttachment(att) }
		})
	a.content = container.NewBorder(container.NewVBox(a.note, sh.mirror(container.NewHBox(a.attach))), nil, nil, nil, a.list)
	return a
}

// infoText says what a file is: its language, kind, size, and whether it
// is on this laptop.
func (a *materialAttachments) infoText(att data.MaterialAttachment) string {
	sh := a.m.sh
	kind, _, _ := strings.Cut(att.MediaType, "/")
	parts := []string{}
	if att.Language != "" {
		parts = append(parts, sh.languageName(att.Language))
	}
	if k := "materials.kind_" + kind; sh.loc.Has(k) {
		parts = append(parts, sh.T(k))
	}
	parts = append(parts, sh.T("materials.size_kb", map[string]any{"KB": sh.num(int((att.Size + 1023) / 1024))}))
	if _, err := os.Stat(sh.st.BlobPath(att.SHA256)); err == nil {
		parts = append(parts, sh.T("materials.on_laptop"))
	} else {
		parts = append(parts, sh.T("materials.on_server"))
	}
	return strings.Join(parts, " · ")
}

// refresh shows the current material's attachments.
func (a *materialAttachments) refresh() {
	sh := a.m.sh
	a.items = nil
	if a.m.current != nil {
		a.items = a.m.current.Attachments
		a.attach.Enable()
	} else {
		a.attach.Disable()
	}
	switch {
	case a.m.current == nil:
		sh.setText(a.note, sh.T("materials.no_attachments"))
	case len(a.items) == 0:
		sh.setText(a.note, sh.T("materials.attachments_none"))
	default:
		sh.setText(a.note, sh.T("materials.attachments_hint"))
	}
	a.list.Refresh()
}

// askAttach asks for a file and the language it is in (a picture may be
// in none), then attaches it.
func (a *materialAttachments) askAttach() {
	m := a.m
	sh := m.sh
	if m.current == nil {
		return
	}
	form := newFieldForm(sh.loc)
	var path string
	chosen := widget.NewLabel(sh.T("materials.no_file"))
	choose := newButton(sh.T("materials.choose_file"), func() {
		sh.chooseFile(func(p string) {
			path = p
			chosen.SetText(filepath.Base(p))
		})
	})
	lang := newLanguageChoice(sh, true)
	if v, ok := m.version(); ok {
		lang.setCode(v.Language)
	} else {
		lang.setCode("")
	}
	form.add("name", sh.T("materials.file"), sh.mirror(container.NewBorder(nil, nil, choose, nil, chosen)))
	form.add("language", sh.T("materials.file_language"), lang)
	m.attachForm = newFormDialog(sh, sh.T("materials.attach_title"), form, fyne.NewSize(520, 300), func() error {
		if path == "" {
			return &data.ValidationError{Kind: "attachment", Fields: []data.FieldError{{Field: "name", Code: data.CodeRequired}}}
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		return a.add(filepath.Base(path), f, lang.code())
	})
}

// add stores the content read from r and attaches it to the current
// material under name, in lang ("" for none).
func (a *materialAttachments) add(name string, r io.Reader, lang string) error {
	m := a.m
	sh := m.sh
	if m.current == nil {
		return errors.New("save the material before attaching files")
	}
	sum, size, err := sh.st.PutBlob(r)
	if err != nil {
		return err
	}
	att := data.MaterialAttachment{MaterialID: m.current.Material.ID, SHA256: sum, Name: name, Size: size,
		MediaType: mime.TypeByExtension(strings.ToLower(filepath.Ext(name))), Language: lang}
	if att.MediaType == "" {
		att.MediaType = "application/octet-stream"
	}
	if err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error { return tx.Insert(&att) }); err != nil {
		return err
	}
	m.reload(m.current.Material.ID)
	m.tabs.Select(m.attTab)
	return nil
}

// openAttachment opens an attachment with the computer's program for its
// kind of file, first fetching it from the county server (with progress,
// and a Cancel that keeps what arrived for the next try) when this laptop
// does not hold it yet.
func (s *Shell) openAttachment(a data.MaterialAttachment) {
	if _, err := os.Stat(s.st.BlobPath(a.SHA256)); err == nil {
		s.openBlob(a)
		return
	}
	c := &client.Client{Store: s.st}
	s.busy.Add(1)
	dialogs.RunTask(s.loc, s.win, s.T("materials.fetch_title"), s.T("materials.fetching", map[string]any{"Name": a.Name}),
		func(ctx context.Context, progress dialogs.Progress) error {
			return c.FetchBlob(ctx, a.SHA256, func(got, total int64) {
				if total > 0 {
					progress(float64(got) / float64(total))
				}
			})
		}, s.rememberDialog, func(err error) {
			defer s.busy.Done()
			if err != nil {
				s.showError(err)
				return
			}
			s.openBlob(a)
			s.refreshVisible()
		})
}

// openBlob opens an attachment held on this laptop: a copy under its own
// name (the program chooses by it) in the user's cache folder.
func (s *Shell) openBlob(a data.MaterialAttachment) {
	path, err := s.attachmentCopy(a)
	if err != nil {
		s.showError(err)
		return
	}
	s.openFile(path)
}

// attachmentCopy copies an attachment's content to a file with its name,
// in a folder of its own named by its checksum, and returns the path.
func (s *Shell) attachmentCopy(a data.MaterialAttachment) (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	name := filepath.Base(strings.ReplaceAll(a.Name, "\\", "/"))
	if name == "." || name == "/" || name == ".." {
		name = "attachment"
	}
	dir := filepath.Join(cache, "trellis", "open", a.SHA256[:16])
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	if fi, err := os.Stat(path); err == nil && fi.Size() == a.Size {
		return path, nil
	}
	src, err := s.st.OpenBlob(a.SHA256)
	if err != nil {
		return "", err
	}
	defer src.Close()
	tmp, err := os.CreateTemp(dir, ".open-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, src); err != nil {
		tmp.Close()
		return "", fmt.Errorf("copying %s: %w", a.Name, err)
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	return path, os.Rename(tmp.Name(), path)
}
