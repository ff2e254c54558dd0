package boxtest

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"
)

// The network between the client and the fake, modelled on its TCP
// connections so that every protocol over them (HTTP/1.1, HTTP/2's
// streams, TLS) meets it alike: what the server reads is paced by a cap
// per connection and a cap for the whole link; what it writes (answers,
// HTTP/2 window updates, TLS handshakes) arrives Options.Latency later.

// pacer spaces bytes out at rate bytes per second: one connection's share
// of the network, or the whole link shared by every connection.
type pacer struct {
	rate float64
	mu   sync.Mutex
	next time.Time // when the bytes booked so far are through
}

// newPacer returns a pacer of rate bytes per second; nil (no cap) for 0.
func newPacer(rate int64) *pacer {
	if rate <= 0 {
		return nil
	}
	return &pacer{rate: float64(rate)}
}

// book reserves n bytes and returns when they are through.
func (p *pacer) book(n int) time.Time {
	if p == nil {
		return time.Time{}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := time.Now(); p.next.Before(now) {
		p.next = now // an idle link saves no credit: no bursts
	}
	p.next = p.next.Add(time.Duration(float64(n) / p.rate * float64(time.Second)))
	return p.next
}

// chunk is the most a paced read takes at once: about 5 ms at rate, so
// that bytes arrive smoothly rather than in bursts.
func (p *pacer) chunk() int {
	if p == nil {
		return 1 << 30
	}
	return max(int(p.rate/200), 1<<10)
}

// linkListener hands out connections that go through the link.
type linkListener struct {
	net.Listener
	link    *pacer
	perConn int64
	latency time.Duration
}

func (l *linkListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	lc := &linkConn{Conn: c, in: newPacer(l.perConn), link: l.link, latency: l.latency}
	if l.latency > 0 {
		lc.queued = sync.NewCond(&lc.mu)
		lc.drained = make(chan struct{})
		go lc.deliver()
	}
	return lc, nil
}

// linkConn is one TCP connection as the server sees it through the link.
type linkConn struct {
	net.Conn
	in, link *pacer
	latency  time.Duration

	mu      sync.Mutex
	queued  *sync.Cond // signalled when out grows or the connection closes
	out     []delayed  // written, not yet delivered
	closing bool
	werr    error         // the first failure delivering
	drained chan struct{} // closed when deliver has ended
}

// delayed is bytes the server wrote, due at the client at a given time,
// or a function to call then.
type delayed struct {
	due  time.Time
	b    []byte
	then func()
}

// Read takes what the client sent at no more than the connection's and
// the link's rates.
func (c *linkConn) Read(p []byte) (int, error) {
	if n := min(c.in.chunk(), c.link.chunk()); len(p) > n {
		p = p[:n]
	}
	n, err := c.Conn.Read(p)
	if n > 0 && (c.in != nil || c.link != nil) {
		due := c.in.book(n)
		if l := c.link.book(n); l.After(due) {
			due = l
		}
		// Sleeping to the microsecond oversleeps: reads run up to slack
		// ahead of the schedule instead, which keeps the rate exact.
		if wait := time.Until(due) - slack; wait > 0 {
			time.Sleep(wait)
		}
	}
	return n, err
}

// slack is how far ahead of its schedule a paced connection may read.
const slack = 2 * time.Millisecond

// Write hands p to the network, which delivers it latency later.
func (c *linkConn) Write(p []byte) (int, error) {
	if c.latency <= 0 {
		return c.Conn.Write(p)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.werr != nil {
		return 0, c.werr
	}
	if c.closing {
		return 0, net.ErrClosed
	}
	c.out = append(c.out, delayed{due: time.Now().Add(c.latency), b: append([]byte(nil), p...)})
	c.queued.Signal()
	return len(p), nil
}

// afterDelivered calls f when what the server wrote so far reaches the
// client (a little before: f comes first).
func (c *linkConn) afterDelivered(f func()) {
	if c.latency <= 0 {
		f()
		return
	}
	c.mu.Lock()
	if c.closing {
		c.mu.Unlock()
		f()
		return
	}
	c.out = append(c.out, delayed{due: time.Now().Add(c.latency), then: f})
	c.queued.Signal()
	c.mu.Unlock()
}

// connKey is the request context's key to its *linkConn.
type connKey struct{}

// withConn is http.Server.ConnContext: it lets handlers find their
// connection, under TLS too.
func withConn(ctx context.Context, c net.Conn) context.Context {
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	return context.WithValue(ctx, connKey{}, c)
}

// afterAnswered calls f when r's answer reaches the client (at once
// without a simulated network).
func afterAnswered(r *http.Request, f func()) {
	if c, ok := r.Context().Value(connKey{}).(*linkConn); ok {
		c.afterDelivered(f)
		return
	}
	f()
}

// deliver writes what was written, each piece when it is due, until the
// connection closes and nothing is left.
func (c *linkConn) deliver() {
	defer close(c.drained)
	for {
		c.mu.Lock()
		for len(c.out) == 0 && !c.closing {
			c.queued.Wait()
		}
		if len(c.out) == 0 {
			c.mu.Unlock()
			return
		}
		d := c.out[0]
		c.out = c.out[1:]
		c.mu.Unlock()
		time.Sleep(time.Until(d.due))
		if d.then != nil {
			d.then()
			continue
		}
		if _, err := c.Conn.Write(d.b); err != nil {
			c.mu.Lock()
			c.werr = err
			c.out = slices.DeleteFunc(c.out, func(d delayed) bool { return d.then == nil })
			c.mu.Unlock()
		}
	}
}

// Close delivers what is on its way, then closes the connection.
func (c *linkConn) Close() error {
	if c.latency <= 0 {
		return c.Conn.Close()
	}
	c.mu.Lock()
	c.closing = true
	c.queued.Signal()
	c.mu.Unlock()
	// A client that stopped reading must not keep the server waiting.
	c.Conn.SetWriteDeadline(time.Now().Add(c.latency + 5*time.Second))
	<-c.drained
	return c.Conn.Close()
}
