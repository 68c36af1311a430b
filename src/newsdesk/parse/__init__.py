"""Bytes → RawItems. No network, no database, no files.

    sniff     what a body is (feed kind, sitemap, OPML, HTML page)
    xmlguard  refuse DTDs, entities and external references before any XML parser runs
    charset   bytes → text (BOM, header, meta, XML declaration, UTF-8, windows-1252)
    feeds     RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 via feedparser; dispatches JSON Feed
    jsonfeed  JSON Feed 1.0 and 1.1
    dates     feed date strings → aware UTC datetimes, clamped
    links     links → absolute http(s) URLs
    discover  the feeds an HTML page links to
    sitemaps  sitemap indexes, urlsets (gzip, Google News, plain text) and a bounded walk
    robots    robots.txt: newsdesk's rules, Sitemap lines, crawl-delay
"""
