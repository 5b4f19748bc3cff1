"""The chipcontrols service: REST API and web app in one FastAPI application (``create_app``)."""

from chipcontrols.api.app import create_app

__all__ = ["create_app"]
