package main

import (
	"fmt"
	"strings"
	"trellis/sync/server"
)

func init() {
	commands = append(commands, &command{"org link",
		"--db DB --directory-org HSDS_ORG_ID [--unlink] ORG",
		"make ORG a provider that runs the services of a directory organization (its provider staff receive the referrals shared with it)", orgLink})
}

// orgLink links an enrolled organization to a directory organization (or
// takes the link back) and publishes it to every device.
func orgLink(e *cmdEnv, args []string) error {
	f := newFlags("org link")
	dirOrg := f.String("directory-org", "", "the HSDS id of the directory organization whose services ORG runs")
	unlink := f.Bool("unlink", false, "take the link back")
	srv, pos, err := f.open(e, args, 1)
	if err != nil {
		return err
	}
	defer srv.Close()
	if strings.TrimSpace(*dirOrg) == "" {
		return usagef("--directory-org is required")
	}
	org, err := srv.OrgByName(e.ctx, pos[0])
	if err != nil {
		return fmt.Errorf("no organization named %q: add it with `countyserver org add`", pos[0])
	}
	if _, err := server.LinkProvider(e.ctx, srv, server.PublishOptions{User: "org link"}, org, strings.TrimSpace(*dirOrg), *unlink); err != nil {
		return err
	}
	if *unlink {
		fmt.Fprintf(e.stdout, "%s no longer receives referrals for the services of directory organization %s.\n", org.Name, *dirOrg)
	} else {
		fmt.Fprintf(e.stdout, "%s now receives the referrals navigators share for the services of directory organization %s (devices learn it at their next sync).\n", org.Name, *dirOrg)
	}
	return nil
}
