"""Content-Security-Policy middleware (django-csp) with one allowance for PDFs.

A PDF opened in the browser is shown by the browser's own viewer, which some browsers embed
in a wrapper page that inherits the PDF response's policy: ``object-src 'none'`` there would
leave the reader a blank page. PDF responses therefore allow objects from our own origin;
everything else keeps the policy of settings.CONTENT_SECURITY_POLICY.
"""

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if response.get("Content-Type", "").startswith("application/pdf"):
            parts.replace = {**(parts.replace or {}), "object-src": [SELF]}
        return parts
