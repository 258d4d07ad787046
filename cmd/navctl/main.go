// Command navctl works on a Trellis profile's local store without the
// desktop app: for admins, trainers and scripts.
//
//	navctl [--data DIR] [--json] COMMAND [ARGS]
//
// Exit status: 0 on success, 1 on an error (with a message on stderr), 2
// when the command line is wrong.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"trellis/data/store"
)

func main() {
	// Ctrl-C cancels the command; a cancelled write keeps nothing.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one navctl command, such as "family add".
type command struct {
	name    string // one or more words
	args    string // synopsis of the arguments, for usage
	summary string // one line
	run     func(e *env, args []string) error
}

var commands = map[string]*command{}

// register adds commands; each file registers its own in init.
func register(cs ...*command) {
	for _, c := range cs {
		if commands[c.name] != nil {
			panic("navctl: command registered twice: " + c.name)
		}
		commands[c.name] = c
	}
}

// env is what every command runs with.
type env struct {
	ctx     context.Context
	stdout  io.Writer
	stderr  io.Writer
	dataDir string
	json    bool
	st      *store.Store
}

// store opens the profile on first use.
func (e *env) store() (*store.Store, error) {
	if e.st != nil {
		return e.st, nil
	}
	st, err := store.Open(e.dataDir, store.Options{})
	if err != nil {
		return nil, err
	}
	e.st = st
	return st, nil
}

// printJSON writes v as indented JSON.
func (e *env) printJSON(v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// usageError is a wrong command line: navctl prints it with the usage and
// exits with status 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	global := flag.NewFlagSet("navctl", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	dataDir := global.String("data", "", "profile folder (default $TRELLIS_DATA or the user config folder)")
	asJSON := global.Bool("json", false, "print records as JSON")
	if err := global.Parse(args); err != nil {
		fmt.Fprintf(stderr, "navctl: %v\n\n", err)
		printUsage(stderr)
		return 2
	}
	rest := global.Args()
	cmd, cmdArgs := findCommand(rest)
	if cmd == nil {
		if len(rest) == 0 || rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help" {
			printUsage(stdout)
			if len(rest) == 0 {
				return 2
			}
			return 0
		}
		fmt.Fprintf(stderr, "navctl: unknown command %q\n\n", strings.Join(rest, " "))
		printUsage(stderr)
		return 2
	}
	e := &env{ctx: ctx, stdout: stdout, stderr: stderr, dataDir: *dataDir, json: *asJSON}
	if e.dataDir == "" {
		d, err := store.DefaultDir()
		if err != nil {
			fmt.Fprintf(stderr, "navctl: %v\n", err)
			return 1
		}
		e.dataDir = d
	}
	err := cmd.run(e, cmdArgs)
	if e.st != nil {
		if cerr := e.st.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "navctl %s: %v\nusage: navctl %s %s\n", cmd.name, err, cmd.name, cmd.args)
		return 2
	default:
		fmt.Fprintf(stderr, "navctl %s: %v\n", cmd.name, err)
		return 1
	}
}

// findCommand matches the longest registered command name at the start of
// args ("referral create ..." before "referral").
func findCommand(args []string) (*command, []string) {
	for n := len(args); n > 0; n-- {
		if c := commands[strings.Join(args[:n], " ")]; c != nil {
			return c, args[n:]
		}
	}
	return nil, nil
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: navctl [--data DIR] [--json] COMMAND [ARGS]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := commands[n]
		fmt.Fprintf(w, "  %-40s %s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
}

// flags parses a command's own flags and returns its positional arguments.
// Flags may come before or after the positional arguments.
func flags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			var defaults strings.Builder
			fs.SetOutput(&defaults)
			fs.PrintDefaults()
			fs.SetOutput(io.Discard)
			return nil, usageError{err.Error() + "\nflags:\n" + defaults.String()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}
