package server

import (
	"bytes"
	"math/rand"
	"os"
	"strings"
	"testing"

	"trellis/data"
	"trellis/data/store"
	"trellis/sync/server/dbtest"
)

// addAttachment writes a published material with an attachment of
// content on d's laptop and returns the attachment's checksum.
func (d *device) addAttachment(t *testing.T, content []byte) string {
	t.Helper()
	sha, size, err := d.st.PutBlob(bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	d.write(t, func(tx *store.Tx) error {
		m := data.Material{Topic: "Safe sleep", Audience: "families", Status: data.MaterialPublished, UpdatedAt: tx.Now()}
		if err := tx.Insert(&m); err != nil {
			return err
		}
		if err := tx.SaveMaterialVersion(&data.MaterialVersion{MaterialID: m.ID, Language: "so", Title: "Hurdo ammaan ah", Body: "Dhabarka."}, false); err != nil {
			return err
		}
		return tx.Insert(&data.MaterialAttachment{MaterialID: m.ID, SHA256: sha, Name: "hurdo.mp3", Size: size, MediaType: "audio/mpeg", Language: "so"})
	})
	return sha
}

// An attachment a trainer adds goes up with the trainer's next sync, but
// comes down to another laptop only when that laptop asks for it; a
// download cut off goes on from where it stopped, and a damaged one is
// thrown away.
func TestAttachmentsTravelOnDemandAndResume(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Cedar County", "tina", "trainer")
		e.addUser("Harbor Family Services", "ana", "navigator")
		trainer := e.newDevice("tina", 0, nil)
		nav := e.newDevice("ana", 0, nil)
		content := make([]byte, 700_000) // three server chunks
		rand.New(rand.NewSource(1)).Read(content)
		sha := trainer.addAttachment(t, content)

		if rep := trainer.sync(t); rep.BlobsUp != 1 {
			t.Fatalf("trainer's sync uploaded %d attachments, want 1", rep.BlobsUp)
		}
		if rep := trainer.sync(t); rep.BlobsUp != 0 {
			t.Fatalf("a second sync uploaded %d attachments again", rep.BlobsUp)
		}
		nav.sync(t)
		mats, err := nav.st.Materials(ctx, false)
		if err != nil || len(mats) != 1 || len(mats[0].Attachments) != 1 {
			t.Fatalf("navigator's laptop has %+v (%v)", mats, err)
		}
		if _, err := os.Stat(nav.st.BlobPath(sha)); !os.IsNotExist(err) {
			t.Fatalf("the attachment's content came down with the sync (%v): it must wait until it is opened", err)
		}

		// Half of it arrived before the connection was cut.
		if err := os.MkdirAll(strings.TrimSuffix(nav.st.BlobPath(sha), sha), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(nav.st.BlobPath(sha)+".part", content[:350_000], 0o600); err != nil {
			t.Fatal(err)
		}
		var first, last [2]int64
		calls := 0
		err = nav.client.FetchBlob(ctx, sha, func(got, total int64) {
			if calls == 0 {
				first = [2]int64{got, total}
			}
			last = [2]int64{got, total}
			calls++
		})
		if err != nil {
			t.Fatal(err)
		}
		if first != [2]int64{350_000, 700_000} || last != [2]int64{700_000, 700_000} {
			t.Fatalf("progress went from %v to %v: want from 350000 of 700000 (resumed) to the end", first, last)
		}
		got, err := os.ReadFile(nav.st.BlobPath(sha))
		if err != nil || !bytes.Equal(got, content) {
			t.Fatalf("downloaded content differs (%v)", err)
		}
		if _, err := os.Stat(nav.st.BlobPath(sha) + ".part"); !os.IsNotExist(err) {
			t.Fatal("the partial download was left behind")
		}

		// A partial download that is not the attachment's start is
		// refused once complete, and the next try starts over.
		other := e.newDevice("ana", 0, nil)
		other.sync(t)
		os.MkdirAll(strings.TrimSuffix(other.st.BlobPath(sha), sha), 0o700)
		os.WriteFile(other.st.BlobPath(sha)+".part", bytes.Repeat([]byte{7}, 1000), 0o600)
		if err := other.client.FetchBlob(ctx, sha, nil); err == nil || !strings.Contains(err.Error(), "did not match") {
			t.Fatalf("a damaged download: %v", err)
		}
		if _, err := os.Stat(other.st.BlobPath(sha)); !os.IsNotExist(err) {
			t.Fatal("a damaged download was kept")
		}
		if err := other.client.FetchBlob(ctx, sha, nil); err != nil {
			t.Fatalf("the try after a damaged download: %v", err)
		}
	})
}

// An upload cut off goes on from what the server kept.
func TestAttachmentUploadResumes(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	e.addUser("Cedar County", "tina", "trainer")
	trainer := e.newDevice("tina", 0, nil)
	content := make([]byte, 600_000)
	rand.New(rand.NewSource(2)).Read(content)
	sha := trainer.addAttachment(t, content)
	// The server kept the first chunk of an upload that was cut.
	if err := e.st.AppendBlob(ctx, sha, 0, content[:blobChunk]); err != nil {
		t.Fatal(err)
	}
	if rep := trainer.sync(t); rep.BlobsUp != 1 {
		t.Fatalf("uploaded %d", rep.BlobsUp)
	}
	info, err := e.st.BlobInfo(ctx, sha)
	if err != nil || !info.Complete || info.Size != int64(len(content)) {
		t.Fatalf("server has %+v (%v)", info, err)
	}
	var b bytes.Buffer
	if err := e.st.WriteBlob(ctx, sha, 0, &b); err != nil || !bytes.Equal(b.Bytes(), content) {
		t.Fatalf("server's copy differs (%v)", err)
	}
}
