package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserClickAfterRedraw holds click's retry: a node Chromium found, then replaced by the
// page, is refused as gone (nodeGone) before any mouse event is sent, and click then clicks
// the element that replaced it, once.
func TestBrowserClickAfterRedraw(t *testing.T) {
	ctx := browser(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><button id="b" onclick="window.clicks = (window.clicks || 0) + 1">Press</button>`)
	}))
	defer srv.Close()
	run(t, ctx, "open the page", chromedp.Navigate(srv.URL), chromedp.WaitVisible(chromedp.CSS("#b")))
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS("#b")))
	if err != nil || len(nodes) != 1 {
		t.Fatalf("find the button: %d nodes, %v", len(nodes), err)
	}
	run(t, ctx, "redraw the button", do(`(() => { const b = document.querySelector("#b"); b.outerHTML = b.outerHTML; })()`))
	_, err = chromedp.Run(ctx, chromedp.MouseClickNode(nodes[0]))
	if !nodeGone(err) {
		t.Fatalf("clicking the replaced node: %v, want Chromium to say it is gone", err)
	}
	run(t, ctx, "click the new button", click("#b"), waitJS(`window.clicks === 1`))
	if n := eval[int](t, ctx, "count the clicks", `window.clicks`); n != 1 {
		t.Errorf("the button was clicked %d times, want 1", n)
	}
}
