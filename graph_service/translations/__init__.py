"""The words of the pages, the drawing and the API's errors, in French (the default) and English,
from gettext catalogues (``locale/*/LC_MESSAGES/maillage.po`` beside this module) read with Babel;
plurals through ``ngettext``.

>>> translator("en")("communities")
'Communities'
>>> translator("fr")("world.collectivite")
'Collectivité'
>>> translator("xx")("communities")
'Communautés'
"""

from __future__ import annotations

import io
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from babel import support
from babel.messages import mofile, pofile
from babel.messages.catalog import Catalog


class Language(StrEnum):
    FR = "fr"
    EN = "en"


LOCALE = Path(__file__).parent / "locale"
DOMAIN = "maillage"


def _read(language: Language) -> Catalog:
    """The catalogue of ``language`` (``locale/<language>/LC_MESSAGES/maillage.po``): the ``.po``
    files are the words' only source, edited with any gettext tool."""
    with (LOCALE / language.value / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as source:
        return pofile.read_po(source, locale=language.value, domain=DOMAIN)


def _compiled(catalogue: Catalog) -> support.Translations:
    """The catalogue compiled in memory, as gettext reads it: no ``.mo`` file to keep in step."""
    compiled = io.BytesIO()
    mofile.write_mo(compiled, catalogue)
    compiled.seek(0)
    return support.Translations(compiled, domain=DOMAIN)


_READ = {language: _read(language) for language in Language}
CATALOGUES = {language: _compiled(catalogue) for language, catalogue in _READ.items()}
WORDS: dict[str, tuple[str, str]] = {
    message.id: (str(message.string), str(_READ[Language.EN][message.id].string))
    for message in _READ[Language.FR]
    if isinstance(message.id, str) and message.id
}
"""Every key with its French and English words (plural entries excepted)."""


def euros(amount: float) -> str:
    """An amount as French readers write it, to the euro, with no-break spaces between thousands
    and before the sign.

    >>> euros(26956.0) == "26\u00a0956\u00a0€"
    True
    """
    return f"{amount:,.0f}".replace(",", "\u00a0") + "\u00a0€"


def plural_of(language: str) -> Callable[[str, str, int], str]:
    """gettext's ``ngettext(singular, plural, n)`` in ``language``: the catalogue's plural entry
    chosen by its ``Plural-Forms`` rule (CLDR's, through Babel: in French 0 and 1 are singular).

    >>> french, english = plural_of("fr"), plural_of("en")
    >>> [french("n.organisation", "n.organisation.plural", n) for n in (0, 1, 2)]
    ['organisation', 'organisation', 'organisations']
    >>> english("n.organisation", "n.organisation.plural", 0)
    'organisations'
    """
    return _language(language).ngettext


def _language(language: str) -> support.Translations:
    return CATALOGUES[Language.EN if language == Language.EN else Language.FR]


def translator(language: str) -> Callable[[str], str]:
    """gettext in ``language`` (French when unknown); an unknown key shows as is."""
    return _language(language).gettext
