"""csdesk: a Customer Success Manager's desk for success plans, critical paths and QBRs."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("csdesk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

APP_NAME = "csdesk"
