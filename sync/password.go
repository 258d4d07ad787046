package sync

import (
	"bufio"
	"errors"
	"io"
	"os"
	"strings"
)

// ReadPassword reads a password from the first line of file, or of r when
// file is "" (so that passwords never appear on a command line).
func ReadPassword(r io.Reader, file string) (string, error) {
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", err
		}
		defer f.Close()
		r = f
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password given (on stdin or with --password-file)")
	}
	return line, nil
}
