"""juriscraper's opinion modules as courts: which exist, which the bridge runs, and choosing
them by module id, CourtListener id, jurisdiction or glob."""

from __future__ import annotations

import contextlib
import fnmatch
import importlib
import io
import pkgutil
from dataclasses import dataclass

with contextlib.redirect_stderr(io.StringIO()):
    # juriscraper prints a warning to stderr on import when /var/log/juriscraper is missing.
    from juriscraper.AbstractSite import AbstractSite
    from juriscraper.lib.importer import build_module_list

from scrapers.juriscraper.session import no_outbound_http

JURISCRAPER_VERSION = "3.0.40"
OPINIONS = "juriscraper.opinions.united_states"


class UnsupportedCourt(ValueError):
    """A juriscraper module the bridge does not run; the message says why."""


@dataclass(frozen=True)
class Court:
    """One juriscraper opinion module."""

    module_id: str  # "nyappdiv_1st"
    module: str  # "juriscraper.opinions.united_states.state.nyappdiv_1st"
    jurisdiction: str  # the juriscraper package: "state", "federal_appellate", ...
    enabled: bool  # listed in the package's __all__ (juriscraper's own list of live scrapers)

    def site_class(self) -> type[AbstractSite]:
        """The module's Site class."""
        with no_outbound_http():
            site_class: type[AbstractSite] = importlib.import_module(self.module).Site
        return site_class

    @property
    def likely_court_id(self) -> str:
        """The CourtListener court id, as CourtListener derives it, without building a Site."""
        return self.module_id.split("_")[0]


def courts() -> dict[str, Court]:
    """Every juriscraper opinion module by module id, disabled ones included."""
    if not _COURTS:
        enabled = set(build_module_list(OPINIONS))
        package = importlib.import_module(OPINIONS)
        for info in pkgutil.walk_packages(package.__path__, OPINIONS + "."):
            if not info.ispkg:
                module_id, jurisdiction = info.name.rsplit(".", 1)[1], info.name.split(".")[-2]
                _COURTS[module_id] = Court(module_id, info.name, jurisdiction, info.name in enabled)
    return _COURTS


_COURTS: dict[str, Court] = {}


def courtlistener_id(site: AbstractSite) -> str:
    """CourtListener's court id for a Site: `...state.nyappdiv_1st` -> `nyappdiv`."""
    return str(site.court_id).split(".")[-1].split("_")[0]


def unsupported_reason(court: Court) -> str | None:
    """Why the bridge does not run a court, or None when it does."""
    if not court.enabled:
        return (
            f"{court.module_id} is disabled in juriscraper {JURISCRAPER_VERSION} "
            "(left out of its package's __all__, usually because the court's site changed)"
        )
    if court.module_id in UNSUPPORTED:
        return f"{court.module_id}: {UNSUPPORTED[court.module_id]}"
    if any("WebDriven" in cls.__name__ for cls in court.site_class().__mro__):
        return f"{court.module_id} drives a web browser (Selenium), which Scrapy cannot feed"
    return None


# Courts that cannot work through Scrapy, and why (measured by bench/juriscraper_parity.py).
UNSUPPORTED = {
    "lactapp_3": "fetches its pages with urllib directly, synchronously, bypassing the session "
    "Scrapy feeds (juriscraper's way round the court's TLS fingerprinting)",
}


def select_courts(court: str | None, courts_arg: str | None) -> tuple[list[Court], dict[str, str]]:
    """The courts named by `-a court=` (one module id) and `-a courts=` (a comma list of
    module ids, CourtListener ids, jurisdictions such as `state`, or globs such as `txctapp*`),
    and the unsupported ones a group named, with the reason each is left out.

    Raises:
        UnsupportedCourt: when nothing is named, a name matches nothing, a court named by its
            module id is not supported, or every court named is unsupported.
    """
    known = courts()
    names = [n.strip() for n in ([court] if court else []) + (courts_arg or "").split(",") if n and n.strip()]
    if not names:
        raise UnsupportedCourt("name a court: -a court=<juriscraper module id>, e.g. ca1")
    chosen: dict[str, Court] = {}
    skipped: dict[str, str] = {}
    for name in names:
        if name in known:
            reason = unsupported_reason(known[name])
            if reason:
                raise UnsupportedCourt(reason)
            chosen[name] = known[name]
            continue
        matches = [
            c
            for c in known.values()
            if fnmatch.fnmatchcase(c.module_id, name) or name in (c.jurisdiction, c.likely_court_id)
        ]
        if not matches:
            raise UnsupportedCourt(f"no juriscraper {JURISCRAPER_VERSION} opinion module matches {name!r}")
        for match in matches:
            reason = unsupported_reason(match)
            if reason:
                skipped[match.module_id] = reason
            else:
                chosen[match.module_id] = match
    if not chosen:
        raise UnsupportedCourt("; ".join(skipped.values()))
    return list(chosen.values()), skipped
