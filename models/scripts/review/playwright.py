"""Calls on Playwright objects: each member is looked up in the review's table of the API
(api.py) and checked for what it does; a member the table does not know cannot be verified."""

from __future__ import annotations

from automation_admin.models.scripts.review import api
from automation_admin.models.scripts.review.effects import (
    WHY_OPAQUE,
    WHY_REQUEST,
    WHY_SELECTOR,
    WHY_UNVERIFIABLE,
    WHY_URL,
    Effects,
)
from automation_admin.models.scripts.review.state import BLANK, UNVERIFIED
from automation_admin.models.scripts.review.values import (
    UNKNOWN,
    Kind,
    Val,
    data,
    evolve,
    taint_of,
    with_taint,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PROPERTIES = _words(
    """
    first last keyboard mouse touchscreen request context main_frame frames pages url value
    clock tracing video local_storage session_storage chromium firefox webkit selectors
    devices browser page parent_frame child_frames content_frame owner name
    suggested_filename status ok headers timing description workers service_workers
    background_pages viewport_size screencast debugger credentials browser_type contexts
    visible method post_data post_data_json post_data_buffer resource_type redirected_from
    redirected_to frame message type default_value args location text element status_text
    existing_response failure from_service_worker is_multiple protocols error timestamp
    worker console_message
    """
)
LOCATORS = _words(
    """
    locator get_by_alt_text get_by_label get_by_placeholder get_by_role get_by_test_id
    get_by_text get_by_title get_by_ref first last nth filter and_ or_ within visible
    query_selector query_selector_all element_handle element_handles all wait_for_selector
    """
)
ROLES = {
    "keyboard": "keyboard",
    "mouse": "mouse",
    "touchscreen": "touchscreen",
    "context": "context",
    "browser": "browser",
    "tracing": "tracing",
    "video": "video",
    "chromium": "browser_type",
    "firefox": "browser_type",
    "webkit": "browser_type",
    "local_storage": "storage",
    "session_storage": "storage",
    "screencast": "screencast",
    "clock": "clock",
    "main_frame": "frame",
}
REQUEST_PARTS = {
    "data": "body",
    "form": "form",
    "multipart": "body",
    "headers": "headers",
    "params": "parameters",
    "json": "body",
    "**": "options",
}
DATA_METHODS = _words(
    """
    split strip lower upper replace startswith endswith join get items keys values append
    count index find splitlines rstrip lstrip format encode decode isdigit partition
    removeprefix removesuffix casefold title copy
    """
)


def first(args: list[Val], kwargs: dict[str, Val], *names: str) -> Val | None:
    for name in names:
        if name in kwargs:
            return kwargs[name]
    return args[0] if args else None


class PlaywrightCalls(Effects):
    def pw_attribute(self, base: Val, name: str, line: int) -> Val:
        if name.startswith("_"):
            self.warn(
                line,
                f"reaches Playwright's internals (.{name}): what it does cannot be verified",
                WHY_UNVERIFIABLE,
                "internals",
            )
            return with_taint(UNKNOWN, base.taint)
        if name not in PROPERTIES:
            return Val(Kind.METHOD, base=base, name=name)
        found = self.pw_property(base, name, line)
        # Some names are a property of one class and a method of another (keyboard.type):
        # calling the value calls the method.
        return evolve(found, name=name, base=base)

    def pw_property(self, base: Val, name: str, line: int) -> Val:
        if name == "request":
            return evolve(base, role="request", label="")
        if name == "value" and base.role == "popup-event":
            key = f"popup@{line}"
            self.flow.pages[key] = frozenset({UNVERIFIED})
            return evolve(base, role="page", page=key, label="")
        if name == "value":
            return evolve(base, role="download" if base.role == "download-event" else "event")
        if name in api.FRAMES:
            return evolve(base, role="frame", page=f"frame@{line}", label="")
        return evolve(
            base, role=ROLES.get(name, base.role), label="" if name in ROLES else base.label
        )

    def call_playwright(
        self, recv: Val, name: str, args: list[Val], kwargs: dict[str, Val], line: int
    ) -> Val:
        role = recv.role or "page"
        where = f"{role}.{name}()"
        everything = [*args, *kwargs.values()]
        for value in everything:
            if value.kind is Kind.FUNC:
                self.callback(value, line)
        if name in self.patched or self.patched_all:
            self.leaks(everything, line, f"hands {{p}} to {where}", WHY_OPAQUE, "credential-opaque")
            self.warn(
                line,
                f"calls {where}, which the script replaced with something else: "
                "what it does cannot be verified",
                WHY_UNVERIFIABLE,
                "unknown-call",
            )
            return with_taint(UNKNOWN, taint_of(everything))
        if role == "assert" and name.startswith(api.ASSERTION_PREFIXES):
            self.leaks(
                everything,
                line,
                f"compares {{p}} with the page ({where})",
                WHY_SELECTOR,
                "credential-selector",
            )
            return data()
        if role == "request" and name in api.REQUEST_VERBS:
            url = first(args, kwargs, "url", "url_or_request")
            parts = {
                REQUEST_PARTS.get(k, k): v
                for k, v in kwargs.items()
                if k not in ("url", "url_or_request")
            }
            for extra in args[1:]:
                parts["arguments"] = extra
            self.request(url, parts, line, where)
            return evolve(recv, role="response", label="")
        if name in api.NAVIGATE:
            url = first(args, kwargs, "url")
            self.navigate(recv, url, line, where)
            rest = [v for k, v in kwargs.items() if k != "url"]
            self.leaks(
                rest, line, f"sends {{p}} with a page load ({where})", WHY_URL, "credential-url"
            )
            return evolve(recv, role="response", label="")
        if name in api.FILL:
            self.fill(recv, name, args, kwargs, line, where)
            return data()
        if name in api.JAVASCRIPT:
            typed = self.typed_into(recv)
            self.run_javascript(recv, name, args, kwargs, line, where)
            if name in api.GLOBAL_SCRIPTS:
                self.hooks.append((line, f"{api.JAVASCRIPT[name]} ({where})"))
            return evolve(recv, role="handle", label="", page=None, taint=typed)
        if name in api.INTERCEPT:
            self.leaks(everything, line, f"hands {{p}} to {where}", WHY_OPAQUE, "credential-opaque")
            self.warn(
                line,
                f"{api.INTERCEPT[name]}: what it does cannot be verified",
                WHY_UNVERIFIABLE,
                "intercept",
            )
            if name in api.WATCHERS:
                self.hooks.append((line, api.INTERCEPT[name]))
            return evolve(recv, role=name, label="", page=None)
        if name in api.WRITES_FILE:
            spot = api.WRITES_FILE[name]
            path = kwargs.get("path") if spot == "path" else first(args, kwargs, "path")
            if path is not None:
                self.wrote(path, [], line, where)
            if name == "storage_state" and path is not None:
                self.warn(
                    line,
                    f"saves the browser's cookies and storage to a file ({where}): what "
                    "becomes of that file cannot be verified",
                    "Whoever holds the file can act as the signed-in user.",
                    "session-file",
                )
            self.leaks(
                [v for v in everything if v is not path],
                line,
                f"hands {{p}} to {where}",
                WHY_OPAQUE,
                "credential-opaque",
            )
            return evolve(recv, label="")
        if name in api.UPLOADS:
            files = kwargs.get("files", args[-1] if args else None)
            if files is not None:
                self.uploaded(files, line, where)
            self.leaks(
                [v for v in everything if v is not files],
                line,
                f"uses {{p}} to find an element ({where})",
                WHY_SELECTOR,
                "credential-selector",
            )
            return data()
        if name in api.CONFIGURES:
            self.leaks(
                everything,
                line,
                f"{api.CONFIGURES[name]}, carrying {{p}} ({where})",
                WHY_REQUEST,
                "credential-config",
            )
            state = first(args, kwargs, "state")
            if name == "set_storage_state" and state is not None and state.items is None:
                self.read(state, line, where)
            return data()
        if name in ("new_context", "new_page", "launch", "launch_persistent_context"):
            self.context_options(kwargs, line, where)
        if name in api.NEW_PAGES:
            key = f"new@{line}"
            self.flow.pages[key] = frozenset({BLANK})
            return evolve(recv, role="page", page=key, label="")
        if name == "new_context":
            return evolve(recv, role="context" if role != "request" else "request", label="")
        if name in api.POPUPS:
            return evolve(recv, role="popup-event", label="")
        if name == "expect_download":
            return evolve(recv, role="download-event", label="")
        if name in api.FRAMES:
            return evolve(recv, role="frame", page=f"frame@{line}", label="")
        if name in api.HARMLESS:
            self.leaks(
                everything,
                line,
                f"hands {{p}} to {where}, not to a form field",
                WHY_SELECTOR,
                "credential-selector",
            )
            texts = " ".join(v.text or v.prefix for v in everything if v.kind is Kind.DATA)
            label = f"{recv.label} {texts}".strip()[-300:]
            if name in api.CLICKS:
                self.clicked(recv, label, line, where)
            if name in api.READ_BACK:  # a field's value: what was typed into it
                return data(self.typed_into(recv))
            return evolve(
                recv, role="locator" if name in LOCATORS else role, label=label, taint=frozenset()
            )
        if name in DATA_METHODS:  # a value read from the page, used as text or a list
            return self.data_method(data(), name, args, kwargs, line)
        self.leaks(everything, line, f"hands {{p}} to {where}", WHY_OPAQUE, "credential-opaque")
        self.warn(
            line,
            f"calls {where}, which is not part of the Playwright API the review knows: it "
            "cannot be verified",
            WHY_UNVERIFIABLE,
            "unknown-call",
        )
        return UNKNOWN

    def fill(
        self, recv: Val, name: str, args: list[Val], kwargs: dict[str, Val], line: int, where: str
    ) -> None:
        value = next((kwargs[k] for k in api.FILL_KEYWORDS if k in kwargs), None)
        selectors = list(args)
        if value is None and args:
            value, selectors = args[-1], list(args[:-1])
        others = selectors + [v for k, v in kwargs.items() if k not in api.FILL_KEYWORDS]
        self.leaks(
            others,
            line,
            f"uses {{p}} to find an element ({where})",
            WHY_SELECTOR,
            "credential-selector",
        )
        if value is not None:
            self.typed(recv, value, line, where)
            if name == "press":
                self.keys(recv, value, line, where)
        if name in api.CLICKS:
            texts = " ".join(v.text or "" for v in selectors)
            self.clicked(recv, f"{recv.label} {texts}", line, where)

    def run_javascript(
        self, recv: Val, name: str, args: list[Val], kwargs: dict[str, Val], line: int, where: str
    ) -> None:
        if name in ("eval_on_selector", "eval_on_selector_all"):
            code = kwargs.get("expression", args[1] if len(args) > 1 else None)
        elif name in ("add_init_script", "register"):
            code = kwargs.get("script", args[-1] if args else None)
        elif name in ("add_script_tag", "add_style_tag"):
            code = kwargs.get("content")
        elif name == "set_content":
            code = first(args, kwargs, "html")
        else:
            code = first(args, kwargs, "expression")
        self.javascript(recv, code, [*args, *kwargs.values()], line, api.JAVASCRIPT[name], where)
        url = kwargs.get("url")
        if url is not None:
            self.visit(self.target(url), url, line, "loads code from", where)
        path = kwargs.get("path")
        if path is not None:
            self.read(path, line, where)

    def context_options(self, kwargs: dict[str, Val], line: int, where: str) -> None:
        for key, value in kwargs.items():
            if key in api.CONTEXT_OPTIONS:
                self.leak(value, line, f"hands {{p}} to {where}", WHY_OPAQUE, "credential-opaque")
            elif key == "base_url":
                self.leak(
                    value, line, f"puts {{p}} in a web address ({where})", WHY_URL, "credential-url"
                )
                self.visit(self.target(value), value, line, "sets its base address to", where)
            elif key == "extra_http_headers":
                self.leak(
                    value,
                    line,
                    f"sends {{p}} in a header with every request ({where})",
                    WHY_REQUEST,
                    "credential-request",
                )
            elif key == "http_credentials":
                self.leak(
                    value,
                    line,
                    f"gives {{p}} to any site that asks for a password ({where})",
                    WHY_REQUEST,
                    "credential-request",
                )
            elif key in (
                "record_har_path",
                "record_video_dir",
                "user_data_dir",
                "traces_dir",
                "downloads_path",
            ):
                self.wrote(value, [], line, f"{where}, {key}")
            elif key == "storage_state" and value.items is None:
                self.read(value, line, f"{where}, {key}")
            else:
                self.leak(value, line, f"hands {{p}} to {where}", WHY_OPAQUE, "credential-opaque")
                self.warn(
                    line,
                    f"sets the browser option {key} ({where}): what it changes cannot be verified",
                    WHY_UNVERIFIABLE,
                    "browser-option",
                )
