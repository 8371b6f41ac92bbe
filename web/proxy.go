package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Behind a reverse proxy every request comes from the proxy's address, over plain HTTP. The
// proxy's headers say who the client is (X-Forwarded-For) and how they came (X-Forwarded-Proto),
// but anyone can send those headers: they are read only from Config.TrustedProxies.

// remoteAddr is the address the connection comes from.
func remoteAddr(r *http.Request) (netip.Addr, bool) {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		a, err := netip.ParseAddr(r.RemoteAddr)
		return a.Unmap(), err == nil
	}
	return ap.Addr().Unmap(), true
}

// trusted reports whether a is one of the trusted proxies.
func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// fromProxy reports whether r came through a trusted proxy.
func (s *Server) fromProxy(r *http.Request) bool {
	a, ok := remoteAddr(r)
	return ok && s.trusted(a)
}

// clientIP is the address the request came from: the connection's, unless that is a trusted
// proxy; then the last address in X-Forwarded-For that is not a trusted proxy (the ones before
// it were written by the client, who may write anything).
func (s *Server) clientIP(r *http.Request) string {
	a, ok := remoteAddr(r)
	if !ok {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			return r.RemoteAddr
		}
		return host
	}
	if !s.trusted(a) {
		return a.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a malformed hop: trust nothing before it
		}
		a = hop.Unmap()
		if !s.trusted(a) {
			break
		}
	}
	return a.String()
}

// isHTTPS reports whether the browser reached the server over HTTPS: Go terminates TLS, the
// public URL is https, or a trusted proxy says so.
func (s *Server) isHTTPS(r *http.Request) bool {
	if r.TLS != nil || s.publicHTTPS {
		return true
	}
	return s.fromProxy(r) && strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https")
}
