"""The effects a script has outside itself, each checked and explained: the sites it opens and
the requests it sends, what it types where, the JavaScript it runs, the files it writes."""

from __future__ import annotations

import re

from automation_admin.models.scripts.review import javascript, urls
from automation_admin.models.scripts.review.placeholders import shown
from automation_admin.models.scripts.review.state import UNVERIFIED, Base
from automation_admin.models.scripts.review.urls import Target
from automation_admin.models.scripts.review.values import Kind, Val, display

REWRITTEN = Target("unknown", detail="rewritten by the script's own code")

RISKY_TARGET = re.compile(
    r"\b(delete|remove|pay|purchase|buy|confirm|revoke|destroy|"
    r"terminate|cancel subscription|close account)\b",
    re.IGNORECASE,
)
COPY = re.compile(r"(control|ctrl|meta|controlormeta)\+(c|x|insert)$|shift\+delete$")
PASTE = re.compile(r"(control|ctrl|meta|controlormeta)\+v$|shift\+insert$")
WHY_URL = "Web addresses are kept in server logs, browser history and Referer headers."
WHY_REQUEST = "The request hands it to the server outside any form field."
WHY_JS = "Scripts in the page can send it anywhere."
WHY_FILE = "Files outlive the run, and other programs can read them."
WHY_SELECTOR = "A selector is not a form field: the page is searched for the value."
WHY_OPAQUE = "The review cannot follow where it goes from there."
WHY_UNKNOWN_SITE = (
    "Known sites are the provider's dashboard and API addresses and the sites of its approved "
    "scripts; anything else may belong to anyone."
)
WHY_UNVERIFIABLE = "The review cannot tell what this does, so a person must judge it."


class Effects(Base):
    # ---- addresses ----------------------------------------------------------------------

    def target(self, url: Val) -> Target:
        if url.text is not None:
            return urls.parse(url.text, complete=True)
        if url.kind is Kind.DATA:
            return urls.parse(url.prefix, complete=False)
        return Target("unknown", detail="it is built at run time")

    def visit(self, target: Target, url: Val, line: int, verb: str, api: str) -> None:
        """Items for one address the script opens or sends to; verb: 'opens', 'sends a
        request to'."""
        if target.kind == "web":
            known = target.host in self.ctx.known_hosts
            self.review.domains.setdefault(target.host, known)
            self.review.domains[target.host] = self.review.domains[target.host] and known
            if url.text is not None:
                self.targets.add(target.host)
            if target.safe(self.ctx.known_hosts):
                return
            if not known:
                self.warn(
                    line,
                    f"{verb} {target.host} ({api}), which is not a known site of "
                    f"{self.ctx.provider}: it cannot be verified",
                    WHY_UNKNOWN_SITE,
                    "unknown-host",
                )
            elif target.scheme != "https":
                self.warn(
                    line,
                    f"{verb} {target.host} without encryption ({target.scheme}://, {api})",
                    "Anyone on the network path can read or change what is sent.",
                    "unencrypted",
                )
            else:
                self.warn(
                    line,
                    f"{verb} {target.host} on port {target.port} ({api}), which is not a known "
                    "address: it cannot be verified",
                    WHY_UNKNOWN_SITE,
                    "unknown-host",
                )
        elif target.kind == "javascript":
            code = target.detail if url.text is not None else None
            self.warn(
                line,
                f"runs JavaScript through a javascript: address ({api}): what it does cannot be "
                f"verified{javascript.describe(code, target.detail)}",
                WHY_UNVERIFIABLE,
                "javascript",
            )
        elif target.kind == "other":
            self.warn(
                line,
                f"{verb} {target.detail} ({api}): what it loads cannot be verified",
                WHY_UNVERIFIABLE,
                "unverifiable-address",
            )
        elif target.kind == "unknown":
            readable = url.kind is Kind.DATA and (url.text is not None or url.prefix)
            shown_url = display(url, address=True) if readable else "an address built at run time"
            reason = f": {target.detail}," if target.detail and readable else ","
            self.warn(
                line,
                f"{verb} {shown_url} ({api}){reason} so where it goes cannot be verified",
                WHY_UNVERIFIABLE,
                "runtime-address",
            )

    def navigate(self, page: Val, url: Val | None, line: int, api: str) -> None:
        if url is None:
            return
        self.leak(url, line, f"puts {{p}} in a web address ({api})", WHY_URL, "credential-url")
        target = self.target(url)
        self.visit(target, url, line, "opens", api)
        if page.page and target.kind not in ("relative", "javascript"):
            landed = target if target.kind in ("web", "blank") else UNVERIFIED
            self.flow.pages[page.page] = frozenset({landed})
            self.flow.typed[page.page] = frozenset()
        elif not page.page and target.kind == "relative":
            self.warn(
                line,
                f"opens a relative address on a page the review cannot follow ({api}): where it "
                "goes cannot be verified",
                WHY_UNVERIFIABLE,
                "runtime-address",
            )

    def request(self, url: Val | None, parts: dict[str, Val], line: int, api: str) -> None:
        if url is not None:
            self.leak(url, line, f"puts {{p}} in a web address ({api})", WHY_URL, "credential-url")
            target = self.target(url)
            if target.kind == "relative":
                self.warn(
                    line,
                    f"sends a request to a relative address ({api}): its host depends on the "
                    "runner's settings and cannot be verified",
                    WHY_UNVERIFIABLE,
                    "runtime-address",
                )
            else:
                self.visit(target, url, line, "sends a request to", api)
        for label, value in parts.items():
            self.leak(
                value,
                line,
                f"sends {{p}} in a request's {label} ({api})",
                WHY_REQUEST,
                "credential-request",
            )

    # ---- pages --------------------------------------------------------------------------

    def where(self, page: Val) -> frozenset[Target]:
        if not page.page:
            return frozenset({UNVERIFIED})
        return self.flow.pages.get(page.page, frozenset({UNVERIFIED}))

    def typed(self, page: Val, value: Val, line: int, api: str) -> None:
        """A value typed into a field: a credential only on the provider's known sites."""
        for name in self.ctx.credentials(value.taint) if value.taint else []:
            placeholder = shown([name])
            owner = self.ctx.other_owner(name)
            if owner is not None:
                self.blocker(
                    line,
                    f"types {placeholder}, a secret of {owner}, into a page meant for "
                    f"{self.ctx.provider} ({api})",
                    f"Another provider's credential must not reach this one. {self.rule()}",
                    "credential-other-provider",
                )
                continue
            if page.page:
                self.flow.typed[page.page] = self.flow.typed.get(page.page, frozenset()) | {name}
            self.typed_any |= {name}
            unsafe = sorted(
                {_place(t) for t in self.where(page) if not t.safe(self.ctx.known_hosts)}
            )
            if unsafe:
                self.blocker(
                    line,
                    f"types {placeholder} into a field of a page that may be "
                    f"{' or '.join(unsafe)} ({api})",
                    f"Whoever runs that page receives the value. {self.rule()}",
                    "credential-field",
                )

    def keys(self, page: Val, keys: Val, line: int, api: str) -> None:
        """Copying from a page where a credential was typed puts it on the clipboard; pasting
        types the clipboard into the page it lands on."""
        text = (keys.text or "").lower().replace(" ", "")
        if COPY.search(text):
            self.clipboard |= self.typed_into(page)
        if PASTE.search(text) and self.clipboard:
            self.typed(page, Val(Kind.DATA, taint=self.clipboard), line, f"{api}, a paste")

    def clicked(self, page: Val, label: str, line: int, api: str) -> None:
        match = RISKY_TARGET.search(label)
        if match and not self.flow.checkpointed:
            self.warn(
                line,
                f"clicks a “{match.group(0)}” control before any checkpoint() ({api})",
                "An action that cannot be undone should wait for a person's go-ahead at run time.",
                "risky-click",
            )

    def typed_into(self, page: Val | None) -> frozenset[str]:
        """Credentials typed into the page (into any page when the review lost track of it,
        or for a frame, which may reach its parent)."""
        key = page.page if page is not None else None
        if not key or key.startswith("frame@"):
            return self.typed_any
        return self.flow.typed.get(key, frozenset())

    def javascript(
        self, page: Val | None, code: Val | None, args: list[Val], line: int, what: str, api: str
    ) -> None:
        self.leaks(
            args, line, f"hands {{p}} to JavaScript in the page ({api})", WHY_JS, "credential-js"
        )
        for name in sorted(self.typed_into(page)):
            self.blocker(
                line,
                f"runs JavaScript in a page where {shown([name])} was typed ({api}): it can read "
                "the value back",
                f"{WHY_JS} {self.rule()}",
                "credential-js",
            )
        if page is not None and page.page:  # the page is the script's now, whatever its site
            self.flow.pages[page.page] = frozenset({REWRITTEN})
        detail = (
            javascript.describe(code.text, code.prefix)
            if code is not None and code.kind is Kind.DATA
            else ""
        )
        self.warn(
            line,
            f"{what} ({api}): what it does cannot be verified{detail}",
            "JavaScript in the page can read everything on it and send it anywhere.",
            "javascript",
        )

    # ---- files --------------------------------------------------------------------------

    def wrote(self, path: Val, contents: list[Val], line: int, api: str) -> None:
        self.leaks(contents, line, f"writes {{p}} to a file ({api})", WHY_FILE, "credential-file")
        self.leak(path, line, f"puts {{p}} in a file's name ({api})", WHY_FILE, "credential-file")
        if path.temp:
            return
        if path.text is None:
            self.warn(
                line,
                f"writes a file whose path the review cannot read ({api}): where it lands "
                "cannot be verified",
                WHY_UNVERIFIABLE,
                "file-write",
            )
            return
        self.warn(
            line,
            f"writes {display(path)} ({api}), outside the runner's temporary folder",
            "Files written elsewhere outlive the run and can change this computer (for "
            "example ~/.ssh or start-up files).",
            "file-write",
        )

    def read(self, path: Val, line: int, api: str) -> None:
        self.leak(path, line, f"puts {{p}} in a file's name ({api})", WHY_FILE, "credential-file")
        if path.temp:
            return
        where = display(path) if path.text is not None else "a file whose path is built at run time"
        self.warn(
            line,
            f"reads {where} ({api}), outside the runner's temporary folder",
            "What it reads can leave with the rest of the script.",
            "file-read",
        )

    def uploaded(self, files: Val, line: int, api: str) -> None:
        self.leak(
            files, line, f"gives {{p}} to the page as a file ({api})", WHY_JS, "credential-upload"
        )
        values = files.items if files.items and files.role != "many" else (files,)
        for value in values:
            if value.kind is Kind.DATA and value.items is not None:
                continue  # a payload given as data, not a file on disk
            where = (
                "from the runner's temporary folder"
                if value.temp
                else "from outside the runner's temporary folder"
            )
            self.warn(
                line,
                f"uploads {display(value)} to the page ({api}), {where}: what the file holds "
                "cannot be verified",
                "The page receives the whole file (a saved session or screenshot holds "
                "secrets too).",
                "file-upload",
            )


def _place(target: Target) -> str:
    if target.detail:
        return target.detail
    if target.kind == "blank":
        return "blank (no site opened yet)"
    if target.kind == "web":
        suffix = "" if target.scheme == "https" else f" without encryption ({target.scheme}://)"
        port = f":{target.port}" if target.port else ""
        return f"on {target.host}{port}{suffix}"
    return "on a site the review cannot verify"
