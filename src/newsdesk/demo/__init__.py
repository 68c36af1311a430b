"""Invented news outlets served on loopback, so `newsdesk serve --demo` works offline.

    with start_demo_site() as site:   # http://127.0.0.1:<free port>
        for outlet in site.outlets:
            print(outlet.name, outlet.feed_url)

Four outlets (an English regional daily in RSS 2.0 with full text, an English science blog
in Atom 1.0 with summaries, a German paper in JSON Feed 1.1, a Persian agency in RSS 2.0),
8–12 items each, dated relative to the start. Content lives in `sites/<slug>/outlet.toml`.
"""

from newsdesk.demo.site import DemoOutlet, DemoSite, start_demo_site

__all__ = ["DemoOutlet", "DemoSite", "start_demo_site"]
