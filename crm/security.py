"""Security headers, proxy handling and the plain-HTTP warning (ASVS 5.0 level 2)."""

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.serving import WSGIRequestHandler

# htmx's own indicator <style> is switched off in the layout (htmx-config meta),
# so no inline script or style is needed and the policy can stay strict.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")


def _server_without_versions(handler) -> str:
    return "Werkzeug"


def init_app(app: Flask) -> None:
    # `flask run` (make run) answers through werkzeug's request handler, which writes
    # "Server: Werkzeug/3.1.9 Python/3.11.7" itself, outside the app: after_request cannot
    # change it (a Server header set there is sent as a second one). gunicorn never uses this
    # class and says only "gunicorn"; production hides that behind nginx (README).
    WSGIRequestHandler.version_string = _server_without_versions

    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        # Believe exactly as many X-Forwarded-* hops as there are proxies in front.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config["HTTPS"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.endpoint != "static" and "Cache-Control" not in headers:
            # Pages carry negotiation data: never keep them in shared or back-button caches.
            headers["Cache-Control"] = "no-store"
        return response
