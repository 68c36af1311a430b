"""`python -m newsdesk` is the `newsdesk` command."""

from newsdesk.cli import main

main()
