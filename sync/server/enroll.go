package server

import (
	"context"
	"errors"
	"net/http"

	"trellis/data"
	"trellis/data/hlc"
	"trellis/data/store"
	"trellis/sync"
	"trellis/sync/server/countydb"
)

func (s *Server) enroll(w http.ResponseWriter, r *http.Request) {
	req, err := readRequest(w, r, sync.DecodeEnrollRequest, func(q sync.EnrollRequest) int { return q.SchemaVer })
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	u, err := s.login(w, r, req.User, req.Password)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// A client of this schema takes the node the server gives it; an
	// older one keeps its own, which it may then only use if no other
	// device does (otherwise it gets one it will not use, and the server
	// refuses its changes stamped with another device's node).
	proposed := ""
	if req.SchemaVer < store.SchemaVersion() {
		proposed = req.Node
	}
	d := countydb.Device{UserID: u.ID, OrgID: u.OrgID, Name: req.DeviceName}
	reply, err := s.addDevice(r.Context(), d, proposed)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.log.Info("device enrolled", "device", reply.DeviceID, "user", u.ID, "org", u.OrgID)
	reply.Role = u.Role
	sync.WriteJSON(w, r, http.StatusOK, reply)
}

// rejoin makes a device whose mutation ids turned out used already (a
// restored or copied profile: its push was refused with CodeMIDReused) go
// on as a new device of the same user, with a token and clock node of its
// own. The old device stays enrolled: the copy's original may still be
// using it. Revoking the old device revokes the new one too.
func (s *Server) rejoin(w http.ResponseWriter, r *http.Request, old countydb.Device) {
	req, err := readRequest(w, r, sync.DecodeRejoinRequest, func(q sync.RejoinRequest) int { return q.SchemaVer })
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	name := req.DeviceName
	if name == "" {
		name = old.Name
	}
	d := countydb.Device{UserID: old.UserID, OrgID: old.OrgID, Name: name, Replaces: old.ID}
	reply, err := s.addDevice(r.Context(), d, "")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.log.Info("device rejoined", "device", reply.DeviceID, "replaces", old.ID, "user", old.UserID, "org", old.OrgID)
	reply.Role = old.Role
	sync.WriteJSON(w, r, http.StatusOK, reply)
}

// addDevice enrols a device: a new id, token and clock node (proposed, if
// it is valid and no device uses it yet, else a fresh one).
func (s *Server) addDevice(ctx context.Context, d countydb.Device, proposed string) (sync.EnrollReply, error) {
	node, err := s.freeNode(ctx, proposed)
	if err != nil {
		return sync.EnrollReply{}, err
	}
	token, hash, err := newToken()
	if err != nil {
		return sync.EnrollReply{}, err
	}
	d.ID, d.Node, d.TokenHash, d.CreatedAt = data.NewID(), node, hash, s.now()
	d.TokenExpires = d.CreatedAt.Add(s.tokenLife)
	if err := s.st.CreateDevice(ctx, d); err != nil {
		return sync.EnrollReply{}, err
	}
	var orgName string
	if orgs, err := s.st.Orgs(ctx); err == nil {
		for _, o := range orgs {
			if o.ID == d.OrgID {
				orgName = o.Name
			}
		}
	}
	return sync.EnrollReply{DeviceID: d.ID, Token: token, OrgID: d.OrgID, OrgName: orgName, ServerTime: s.serverTime(), Node: node}, nil
}

// freeNode returns a clock node no device uses: proposed if it is one,
// else a fresh random one.
func (s *Server) freeNode(ctx context.Context, proposed string) (string, error) {
	node := proposed
	for i := 0; ; i++ {
		if hlc.ValidNode(node) == nil {
			used, err := s.st.NodeInUse(ctx, node)
			if err != nil {
				return "", err
			}
			if !used {
				return node, nil
			}
		}
		if i == 8 {
			return "", errors.New("no free clock node found")
		}
		node = hlc.NewNode()
	}
}
