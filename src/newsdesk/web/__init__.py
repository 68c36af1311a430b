"""The web app: public pages, the JSON API and (later) feeds out and the admin."""

from newsdesk.web.app import create_app

__all__ = ["create_app"]
