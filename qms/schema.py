"""OpenAPI: every operation documents the errors it can answer, in one place.

Any route may answer 400 (a refused field or filter; a NUL byte anywhere in the address),
401 (not signed in, or an expired token), 403 (signed in but not allowed, or a signature's
password refused), 404 (missing, or not visible to the user: the same answer); a write may
also answer 409 (the record's state refuses it). The body is ``{"detail": "..."}`` or
``{"field": ["message", ...]}``. Operations that declare an error themselves keep their own
description.
"""

from drf_spectacular.openapi import AutoSchema

from qms.uploads import ACCEPTED_TYPES

ERROR_BODY = {
    "type": "object",
    "description": '{"detail": "..."} or one list of messages per field.',
    "additionalProperties": True,
}
ERRORS = {
    "400": "Bad input: field errors, a filter value that does not fit, or a NUL byte in the address.",
    "401": "Not signed in, or the token expired.",
    "403": "Signed in, but this role may not do it; or an electronic signature was refused "
    "(wrong password, or signing locked): `password` says why.",
    "404": "No such object, or one the user may not see.",
}
CONFLICT = "The record's state does not allow this; `detail` says why."
# What a stored file may be served as (the upload checks allow exactly these).
FILE_MEDIA_TYPES = sorted(
    {mime for mime, _extensions in ACCEPTED_TYPES.values()} | {"application/octet-stream"}
)


class QmsAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction=direction)
        if direction != "response":
            return responses
        errors = dict(ERRORS)
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            errors["409"] = CONFLICT
        for code, description in errors.items():
            responses.setdefault(
                code, {"content": {"application/json": {"schema": ERROR_BODY}}, "description": description}
            )
        return responses
