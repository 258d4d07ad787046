package client

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"

	"trellis/data/store"
)

// metaBlobUp marks an attachment the server is known to have.
const metaBlobUp = "sync.blob_on_server."

// syncBlobs uploads the attachments written on this laptop that the
// server does not have yet, resumably. Attachments are not downloaded
// here: a laptop fetches one when someone opens it (FetchBlob), so a
// county's recordings are not all copied to every laptop.
func (c *Client) syncBlobs(ctx context.Context, dev store.SyncDevice, rep *Report) error {
	mats, err := c.Store.Materials(ctx, true)
	if err != nil {
		return err
	}
	var shas []string
	for _, m := range mats {
		for _, a := range m.Attachments {
			if _, err := os.Stat(c.Store.BlobPath(a.SHA256)); err != nil {
				continue // not on this laptop: fetched when opened
			}
			known, err := c.Store.Meta(ctx, metaBlobUp+a.SHA256)
			if err != nil {
				return err
			}
			if known == "" {
				shas = append(shas, a.SHA256)
			}
		}
	}
	for i, sha := range shas {
		if err := c.UploadBlob(ctx, dev, sha); err != nil {
			return err
		}
		rep.BlobsUp++
		if err := c.Store.Write(ctx, func(tx *store.Tx) error { return tx.SetMeta(metaBlobUp+sha, "1") }); err != nil {
			return err
		}
		c.progress(Progress{Phase: "attachments", Done: i + 1, Total: len(shas)})
	}
	return nil
}

// FetchBlob downloads an attachment this laptop does not hold yet into
// the store's blob folder, going on from where an earlier try stopped.
// progress, if not nil, is told the bytes received and the size.
func (c *Client) FetchBlob(ctx context.Context, sha string, progress func(got, total int64)) error {
	if _, err := os.Stat(c.Store.BlobPath(sha)); err == nil {
		return nil
	}
	dev, err := c.device(ctx)
	if err != nil {
		return err
	}
	return c.DownloadBlob(ctx, dev, sha, progress)
}

func (c *Client) blobRequest(ctx context.Context, dev store.SyncDevice, method, sha string, body io.Reader) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, dev.ServerURL+"/v1/blobs/"+sha, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+dev.Token)
	return req, nil
}

func blobError(resp *http.Response) error {
	if resp.StatusCode == http.StatusUnauthorized {
		return ErrRevoked
	}
	return &ServerError{Status: resp.StatusCode}
}

// UploadBlob sends a local attachment to the server, continuing an upload
// that was cut off.
func (c *Client) UploadBlob(ctx context.Context, dev store.SyncDevice, sha string) error {
	req, err := c.blobRequest(ctx, dev, http.MethodHead, sha, nil)
	if err != nil {
		return err
	}
	resp, err := send(c.httpClient(), req)
	if err != nil {
		return fmt.Errorf("cannot reach the county server: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		return nil
	}
	if resp.StatusCode != http.StatusNotFound {
		return blobError(resp)
	}
	offset, _ := strconv.ParseInt(resp.Header.Get("Upload-Offset"), 10, 64)
	f, err := c.Store.OpenBlob(sha)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if offset > info.Size() {
		offset = 0
	}
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return err
	}
	req, err = c.blobRequest(ctx, dev, http.MethodPut, sha, io.NopCloser(f))
	if err != nil {
		return err
	}
	req.ContentLength = info.Size() - offset
	req.Header.Set("Upload-Offset", strconv.FormatInt(offset, 10))
	req.Header.Set("Upload-Length", strconv.FormatInt(info.Size(), 10))
	resp, err = send(c.httpClient(), req)
	if err != nil {
		return fmt.Errorf("the upload of an attachment stopped: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		return blobError(resp)
	}
	return nil
}

// DownloadBlob fetches an attachment into the store, continuing from a
// partial download, and keeps it only if its SHA-256 matches. progress, if
// not nil, is told the bytes received so far and the size.
func (c *Client) DownloadBlob(ctx context.Context, dev store.SyncDevice, sha string, progress func(got, total int64)) error {
	part := c.Store.BlobPath(sha) + ".part"
	if err := os.MkdirAll(filepath.Dir(part), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(part, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	have, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	req, err := c.blobRequest(ctx, dev, http.MethodGet, sha, nil)
	if err != nil {
		return err
	}
	if have > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", have))
	}
	resp, err := send(c.httpClient(), req)
	if err != nil {
		return fmt.Errorf("cannot reach the county server: %w", err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		if err := f.Truncate(0); err != nil {
			return err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
	case http.StatusPartialContent:
	default:
		return blobError(resp)
	}
	var body io.Reader = resp.Body
	if progress != nil {
		if resp.StatusCode == http.StatusOK {
			have = 0
		}
		body = &countingReader{r: resp.Body, n: have, total: have + resp.ContentLength, report: progress}
		progress(have, have+resp.ContentLength)
	}
	if _, err := io.Copy(f, body); err != nil {
		return fmt.Errorf("the download of an attachment stopped (it will resume): %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	if hex.EncodeToString(h.Sum(nil)) != sha {
		f.Close()
		os.Remove(part)
		return errors.New("a downloaded attachment did not match its SHA-256 and was discarded")
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	got, _, err := c.Store.PutBlob(f)
	if err != nil {
		return err
	}
	f.Close()
	os.Remove(part)
	if got != sha {
		return errors.New("an attachment changed while it was being saved")
	}
	return nil
}
