"""Who makes a change: the name every audit entry records (`--user`, RISKCTL_USER, config).

Apart from `riskctl.audit` so that every command checks it before it loads the store's
libraries (`riskctl report --help` loads none).
"""

from __future__ import annotations

# The limit of the `user` columns (`models.AuditEntry`, `Sample`, `Evidence`), which take it
# from here: declared with this check so that it needs none of the store's libraries.
USER_MAX = 120


def check_user(name: str, field: str = "--user") -> str:
    """The name an audit entry records: printable text (no control characters, no bytes that
    are not UTF-8, which arrive as surrogates), at most `USER_MAX` characters."""
    from riskctl.errors import InvalidInput
    from riskctl.i18n import _

    cleaned = name.strip()
    if not cleaned:
        raise InvalidInput(field, name, _("it must not be empty"))
    if not cleaned.isprintable():
        raise InvalidInput(
            field, name, _("use printable text, without control characters, in UTF-8")
        )
    if len(cleaned) > USER_MAX:
        raise InvalidInput(
            field,
            name,
            _("use at most {limit} characters (got {count})").format(
                limit=USER_MAX, count=len(cleaned)
            ),
        )
    return cleaned
