"""The HTTP API: FastAPI app, routes under ``/api/v1``, problem+json errors, bearer tokens."""
