package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// pagedResults holds the results of one search a page at a time: a list
// asks for item i and the page holding it is fetched from the store the
// first time. Only the rows on screen are ever fetched, so a list of 10,000
// families stays quick.
type pagedResults[T any] struct {
	size  int
	total int
	pages map[int][]T
	fetch func(offset, limit int) ([]T, error)
}

// reset starts a new search with total results, its first page already
// fetched, and fetch for the others.
func (p *pagedResults[T]) reset(size, total int, first []T, fetch func(offset, limit int) ([]T, error)) {
	p.size, p.total, p.fetch = size, total, fetch
	p.pages = map[int][]T{0: first}
}

// item returns result i, fetching its page if needed; false if there is no
// such result or the fetch failed.
func (p *pagedResults[T]) item(i int) (T, bool) {
	var zero T
	if p.size == 0 || i < 0 || i >= p.total {
		return zero, false
	}
	n := i / p.size
	page, ok := p.pages[n]
	if !ok {
		var err error
		if page, err = p.fetch(n*p.size, p.size); err != nil {
			return zero, false
		}
		p.pages[n] = page
	}
	if j := i % p.size; j < len(page) {
		return page[j], true
	}
	return zero, false
}

// newTwoLineRow is a list row template: a bold title over a line of
// detail, both cut with an ellipsis when too long.
func newTwoLineRow(sh *Shell) *fyne.Container {
	title := widget.NewLabelWithStyle("", sh.leading(), fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	info := widget.NewLabelWithStyle("", sh.leading(), fyne.TextStyle{})
	info.Truncation = fyne.TextTruncateEllipsis
	return container.NewVBox(title, info)
}

// setTwoLineRow fills a row made by newTwoLineRow and returns its labels.
func setTwoLineRow(sh *Shell, row *fyne.Container, title, info string) (*widget.Label, *widget.Label) {
	t, i := row.Objects[0].(*widget.Label), row.Objects[1].(*widget.Label)
	sh.setLine(t, title)
	sh.setLine(i, info)
	return t, i
}
