package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/clientele/clientele/importer"
)

// progressBar draws a one-line progress bar on a terminal and nothing elsewhere, so that logs and
// pipes stay clean.
type progressBar struct {
	w     io.Writer
	on    bool
	last  time.Time
	drawn bool
}

func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	return &progressBar{w: w, on: ok && term.IsTerminal(int(f.Fd()))}
}

// update is an importer.Progress.
func (p *progressBar) update(phase importer.Phase, done, total int) {
	if !p.on || (time.Since(p.last) < 100*time.Millisecond && done != total) {
		return
	}
	p.last = time.Now()
	p.drawn = true
	if total <= 0 {
		fmt.Fprintf(p.w, "\r%-10s %d rows\033[K", phase, done)
		return
	}
	const width = 30
	n := done * width / total
	fmt.Fprintf(p.w, "\r%-10s [%s%s] %3d%% %d/%d\033[K", phase, strings.Repeat("#", n), strings.Repeat(" ", width-n), done*100/total, done, total)
}

func (p *progressBar) done() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
