"""What we watch: source kinds, OPML import and export, and (in `adapters`) the one place
for per-site quirks."""
