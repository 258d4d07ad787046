package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// backupMarker is written into every backup's meta table so that Restore
// can tell a Trellis backup from any other file.
const backupMarker = "trellis.backup"

// Backup writes a consistent copy of the whole store to path (one SQLite
// file), which must not exist yet.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s already exists: choose another name", path)
	}
	if _, err := s.w.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES(?, ?)`, backupMarker, formatTime(s.now())); err != nil {
		os.Remove(path)
		return fmt.Errorf("marking the backup: %w", err)
	}
	return nil
}

// ErrNotBackup is returned when a file offered for restore is not a
// Trellis backup.
var ErrNotBackup = errors.New("this file is not a Trellis backup")

// CheckBackup opens path read-only and reports when the backup was made,
// or ErrNotBackup (or ErrSchemaTooNew) if it cannot be restored.
func CheckBackup(path string) (madeAt string, err error) {
	if _, err := os.Stat(path); err != nil {
		return "", err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return "", ErrNotBackup
	}
	defer db.Close()
	var v int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		return "", ErrNotBackup
	}
	if v > SchemaVersion() {
		return "", fmt.Errorf("%w (schema %d)", ErrSchemaTooNew, v)
	}
	if err := db.QueryRow(`SELECT value FROM meta WHERE key = ?`, backupMarker).Scan(&madeAt); err != nil {
		return "", ErrNotBackup
	}
	if err := db.QueryRow(`PRAGMA quick_check`).Scan(new(string)); err != nil {
		return "", ErrNotBackup
	}
	return madeAt, nil
}

// Restore replaces the profile in dir with the backup at path. The store
// for dir must be closed. The current database is kept beside it as
// trellis.db.before-restore until the next restore. The restored profile
// keeps the newer of the two clocks, so timestamps never go backwards.
func Restore(dir, path string) error {
	if _, err := CheckBackup(path); err != nil {
		return err
	}
	dst := filepath.Join(dir, DBFile)
	lastClock := ""
	if _, err := os.Stat(dst); err == nil {
		cur, err := sql.Open("sqlite", "file:"+dst+"?mode=ro")
		if err != nil {
			return err
		}
		err = cur.QueryRow(`SELECT value FROM meta WHERE key = ?`, metaClock).Scan(&lastClock)
		cur.Close()
		if err != nil && !isNoRows(err) {
			return fmt.Errorf("reading the current profile: %w", err)
		}
	}
	tmp := dst + ".restoring"
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := os.WriteFile(tmp, src, 0o600); err != nil {
		return err
	}
	old := dst + ".before-restore"
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(old + suffix)
	}
	// Move the current database with its WAL, so that nothing committed is lost.
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if _, err := os.Stat(dst + suffix); err == nil {
			if err := os.Rename(dst+suffix, old+suffix); err != nil {
				os.Remove(tmp)
				return err
			}
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+dst)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Exec(`DELETE FROM meta WHERE key = ?`, backupMarker); err != nil {
		return err
	}
	_, err = db.Exec(`INSERT INTO meta(key, value) VALUES(?, ?)
		ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)`, metaClock, lastClock)
	return err
}
