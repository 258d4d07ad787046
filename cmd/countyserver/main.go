// Command countyserver is the county's Trellis sync server and its
// administration commands.
//
//	countyserver serve --db PATH|postgres://... [--addr HOST:PORT] [--tls-cert F --tls-key F]
//	countyserver org add --db DB NAME
//	countyserver org link --db DB --directory-org HSDS_ORG_ID [--unlink] ORG
//	countyserver user add --db DB --org ORG [--role navigator|trainer|supervisor|admin|provider] [--password-file F] NAME
//	countyserver user list --db DB
//	countyserver user disable|enable --db DB NAME
//	countyserver user password --db DB [--password-file F] NAME
//	countyserver device list --db DB
//	countyserver device revoke --db DB DEVICE_ID
//
// Passwords are read from the first line of stdin unless --password-file
// is given. Exit status: 0 on success, 1 on an error, 2 when the command
// line is wrong.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
	"trellis/data/registry"
	"trellis/sync/server"
	"trellis/sync/server/countydb"

	"trellis/data"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// usageError is a wrong command line (exit status 2).
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// cmdEnv is what a command runs with.
type cmdEnv struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	name, args, summary string
	run                 func(e *cmdEnv, args []string) error
}

var commands = []*command{
	{"serve", "--db DB [--addr HOST:PORT] [--tls-cert FILE --tls-key FILE] [--insecure-http-on-all-interfaces] [--client-address-header NAME]", "run the sync server", serve},
	{"org add", "--db DB NAME", "add an organization", orgAdd},
	{"user add", "--db DB --org ORG [--role navigator|trainer|supervisor|admin|provider] [--password-file FILE] NAME", "add a user who may enrol devices", userAdd},
	{"user list", "--db DB", "list users", userList},
	{"user disable", "--db DB NAME", "stop a user's devices syncing and the user enrolling", userDisable},
	{"user enable", "--db DB NAME", "let a disabled user enrol and sync again", userEnable},
	{"user password", "--db DB [--password-file FILE] NAME", "set a user's password", userPassword},
	{"device list", "--db DB", "list enrolled devices", deviceList},
	{"device revoke", "--db DB DEVICE_ID", "stop a device from syncing", deviceRevoke},
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: countyserver COMMAND [FLAGS] [ARGS]")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-14s %s\n  %-14s   %s\n", c.name, c.summary, "", c.args)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var cmd *command
	var rest []string
	for _, c := range commands {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name {
			cmd, rest = c, args[len(words):]
		}
	}
	if cmd == nil {
		if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
			printUsage(stdout)
			return 0
		}
		fmt.Fprintf(stderr, "countyserver: unknown command %q\n\n", strings.Join(args, " "))
		printUsage(stderr)
		return 2
	}
	e := &cmdEnv{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	err := cmd.run(e, rest)
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "countyserver %s: %v\nusage: countyserver %s %s\n", cmd.name, err, cmd.name, cmd.args)
		return 2
	default:
		fmt.Fprintf(stderr, "countyserver %s: %v\n", cmd.name, err)
		return 1
	}
}

// flags is a command's flag set with the --db flag every command has.
type flags struct {
	*flag.FlagSet
	db *string
}

func newFlags(name string) flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return flags{fs, fs.String("db", "", "the server database: an SQLite file path or a postgres:// URL")}
}

// parse parses args (flags may come before or after the positional
// arguments), requires --db and nargs positional arguments.
func (f flags) parse(args []string, nargs int) ([]string, error) {
	var pos []string
	for {
		if err := f.Parse(args); err != nil {
			return nil, usagef("%v", err)
		}
		if f.NArg() == 0 {
			break
		}
		pos = append(pos, f.Arg(0))
		args = f.Args()[1:]
	}
	if *f.db == "" {
		return nil, usagef("--db is required")
	}
	if len(pos) != nargs {
		return nil, usagef("expected %d argument(s), got %d", nargs, len(pos))
	}
	return pos, nil
}

// open parses args and opens the database.
func (f flags) open(e *cmdEnv, args []string, nargs int) (*countydb.DB, []string, error) {
	pos, err := f.parse(args, nargs)
	if err != nil {
		return nil, nil, err
	}
	st, err := countydb.Open(e.ctx, *f.db)
	return st, pos, err
}

func serve(e *cmdEnv, args []string) error {
	f := newFlags("serve")
	addr := f.String("addr", "127.0.0.1:8443", "address to listen on")
	cert := f.String("tls-cert", "", "TLS certificate file (PEM)")
	key := f.String("tls-key", "", "TLS private key file (PEM)")
	insecure := f.Bool("insecure-http-on-all-interfaces", false, "allow plain HTTP on a non-loopback address (only behind a TLS-terminating proxy)")
	addrHeader := f.String("client-address-header", "", "behind a proxy: the header it puts the client's address in (X-Forwarded-For), for enrolment limits and logs")
	if _, err := f.parse(args, 0); err != nil {
		return err
	}
	return serveWith(e, *f.db, *addr, *cert, *key, *insecure, *addrHeader, nil)
}

// serveWith runs the server until the context ends, then shuts down
// gracefully.
// If ready is not nil it receives the listening address.
func serveWith(e *cmdEnv, dsn, addr, cert, key string, insecure bool, addrHeader string, ready chan<- string) error {
	if (cert == "") != (key == "") {
		return usagef("--tls-cert and --tls-key go together")
	}
	if cert == "" && !insecure && !loopback(addr) {
		return usagef("plain HTTP is only served on a loopback address; give --tls-cert and --tls-key, or --insecure-http-on-all-interfaces behind a TLS proxy")
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	st, err := countydb.Open(e.ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	limits := server.DefaultEnrolLimits
	limits.AddressHeader = addrHeader
	srv, err := server.NewServer(st, server.ServerOptions{Logger: log, Enrol: limits})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hs := server.NewHTTPServer(logRequests(log, srv), server.DefaultTimeouts)
	errc := make(chan error, 1)
	go func() {
		if cert != "" {
			errc <- hs.ServeTLS(ln, cert, key)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	log.Info("county server listening", "addr", ln.Addr().String(), "tls", cert != "", "storage", st.Dialect())
	if ready != nil {
		ready <- ln.Addr().String()
	}
	select {
	case err := <-errc:
		return err
	case <-e.ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// loopback reports whether addr listens only on this machine.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// statusWriter remembers the status a handler answered with.
type statusWriter struct {
	http.ResponseWriter
	status int
}

// Unwrap lets http.ResponseController reach the connection (the server's
// read deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// logRequests logs each request's method, path, status and duration: the
// paths carry no family data (only fixed names and attachment hashes).
func logRequests(log *slog.Logger, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"ms", time.Since(start).Milliseconds(), "bytes_in", r.ContentLength)
	})
}

func orgAdd(e *cmdEnv, args []string) error {
	st, pos, err := newFlags("org add").open(e, args, 1)
	if err != nil {
		return err
	}
	defer st.Close()
	name := strings.TrimSpace(pos[0])
	if name == "" {
		return usagef("the organization needs a name")
	}
	o := countydb.Org{ID: data.NewID(), Name: name, CreatedAt: time.Now()}
	if err := st.CreateOrg(e.ctx, o); err != nil {
		return fmt.Errorf("cannot add organization %q (does it exist already?): %w", name, err)
	}
	fmt.Fprintf(e.stdout, "Added organization %s (%s)\n", o.Name, o.ID)
	return nil
}

func userAdd(e *cmdEnv, args []string) error {
	f := newFlags("user add")
	orgName := f.String("org", "", "the user's organization")
	role := f.String("role", registry.RoleNavigator, strings.Join(registry.Roles, ", "))
	pwFile := f.String("password-file", "", "file whose first line is the password")
	st, pos, err := f.open(e, args, 1)
	if err != nil {
		return err
	}
	defer st.Close()
	if *orgName == "" {
		return usagef("--org is required")
	}
	valid := false
	for _, r := range registry.Roles {
		valid = valid || r == *role
	}
	if !valid {
		return usagef("--role must be one of %s", strings.Join(registry.Roles, ", "))
	}
	org, err := st.OrgByName(e.ctx, *orgName)
	if err != nil {
		return err
	}
	hash, err := readHash(e, *pwFile)
	if err != nil {
		return err
	}
	u := countydb.User{ID: data.NewID(), OrgID: org.ID, Name: strings.TrimSpace(pos[0]), Role: *role, PasswordHash: hash, CreatedAt: time.Now()}
	if u.Name == "" {
		return usagef("the user needs a name")
	}
	if err := st.CreateUser(e.ctx, u); err != nil {
		return fmt.Errorf("cannot add user %q (does the name exist already?): %w", u.Name, err)
	}
	fmt.Fprintf(e.stdout, "Added %s %s to %s\n", u.Role, u.Name, org.Name)
	return nil
}

func userList(e *cmdEnv, args []string) error {
	st, _, err := newFlags("user list").open(e, args, 0)
	if err != nil {
		return err
	}
	defer st.Close()
	users, err := st.Users(e.ctx)
	if err != nil {
		return err
	}
	orgs, err := st.Orgs(e.ctx)
	if err != nil {
		return err
	}
	orgName := map[string]string{}
	for _, o := range orgs {
		orgName[o.ID] = o.Name
	}
	w := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tROLE\tORGANIZATION\tADDED\tSTATE")
	for _, u := range users {
		state := "enabled"
		if !u.DisabledAt.IsZero() {
			state = "disabled " + u.DisabledAt.Format("2006-01-02")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", printable(u.Name), u.Role, printable(orgName[u.OrgID]), u.CreatedAt.Format("2006-01-02"), state)
	}
	return w.Flush()
}

func deviceList(e *cmdEnv, args []string) error {
	st, _, err := newFlags("device list").open(e, args, 0)
	if err != nil {
		return err
	}
	defer st.Close()
	devices, err := st.Devices(e.ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNAME\tUSER\tORGANIZATION\tLAST SEEN\tSTATE")
	for _, d := range devices {
		seen, state := "never", "active"
		if !d.LastSeen.IsZero() {
			seen = d.LastSeen.Format(time.RFC3339)
		}
		switch {
		case !d.RevokedAt.IsZero():
			state = "revoked " + d.RevokedAt.Format("2006-01-02")
		case !d.UserDisabledAt.IsZero():
			state = "user disabled"
		case !d.TokenExpires.IsZero() && time.Now().After(d.TokenExpires):
			state = "expired (enrol again)"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", d.ID, printable(d.Name), printable(d.UserName), printable(d.OrgName), seen, state)
	}
	return w.Flush()
}

func deviceRevoke(e *cmdEnv, args []string) error {
	st, pos, err := newFlags("device revoke").open(e, args, 1)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.RevokeDevice(e.ctx, pos[0], time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Device %s can no longer sync.\n", pos[0])
	return nil
}
