"""The HTML pages' room: one view builder per page (``home``, ``territory``, ``organisation``) that
returns the template's context, the templates beside them, and the rendering (``rendering``).
The drawing itself is :mod:`visual`'s; the routes are :mod:`graph_service.api.routes.pages`."""
