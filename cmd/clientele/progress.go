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
// pipes stay clean. With CLIENTELE_PROGRESS=plain it writes one line per phase change instead
// ("committing 0/5000"), for scripts and tests that follow a long import from outside.
type progressBar struct {
	w         io.Writer
	on        bool
	plain     bool
	lastPhase importer.Phase
	last      time.Time
	drawn     bool
}

func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	return &progressBar{w: w, on: ok && term.IsTerminal(int(f.Fd())), plain: os.Getenv("CLIENTELE_PROGRESS") == "plain"}
}

// update is an importer.Progress.
func (p *progressBar) update(phase importer.Phase, done, total int) {
	if p.plain {
		if phase != p.lastPhase || (done == total && total > 0) {
			fmt.Fprintf(p.w, "progress: %s %d/%d\n", phase, done, total)
			p.lastPhase = phase
		}
		return
	}
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
