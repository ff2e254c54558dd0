package upload

import "context"

// Budget is one limit of parts in flight for several uploads at once: a
// queue of files shares it through Client.Budget, so that small files go
// several at a time and big ones in parts, and memory stays at the
// budget's size × part size however many files there are. Each part being
// read or sent, and each small file being sent, holds one slot.
type Budget struct {
	slots chan []byte // a free slot, with the part buffer it last used (nil at first)
}

// NewBudget returns a budget of n parts in flight (DefaultParallel when n
// < 1, at most MaxParallel).
func NewBudget(n int) *Budget {
	n = (&Client{Parallel: n}).parallel()
	b := &Budget{slots: make(chan []byte, n)}
	for range n {
		b.slots <- nil
	}
	return b
}

// Size is the number of parts the budget lets fly at once.
func (b *Budget) Size() int { return cap(b.slots) }

// take waits for a free slot and returns a buffer of size bytes to read a
// part into (none for size 0); give hands both back.
func (b *Budget) take(ctx context.Context, size int64) ([]byte, error) {
	select {
	case buf := <-b.slots:
		if int64(cap(buf)) < size {
			buf = make([]byte, size)
		}
		return buf[:cap(buf)], nil
	case <-ctx.Done():
		return nil, canceled(ctx)
	}
}

func (b *Budget) give(buf []byte) { b.slots <- buf }

// buffers are where one upload's parts get their memory: the client's
// budget, shared with other uploads, or buffers of its own.
type buffers interface {
	take(ctx context.Context, size int64) ([]byte, error)
	give(buf []byte)
}

// ownBuffers are n buffers for one upload alone, allocated on first use.
func ownBuffers(n int) *Budget { return NewBudget(min(n, MaxParallel)) }
