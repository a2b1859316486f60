"""wapiti.py: Debian 12's wapiti (3.0.4) with two defects mended.

- Its crawler turns each --exclude URL into a regular expression ending in
  r'\Z(?ms)', and Python 3.11 refuses global flags anywhere but at the
  start (re.error), so any --exclude stops wapiti before it crawls. The
  same expression with the flags in front is put in its place.
- It submits a multipart form by handing every text field to requests as a
  file, so each arrives as a file part (filename="csrf_token"): no form
  field reaches the program, every such request is refused for its missing
  CSRF token, and the csrf module, seeing the same refusal with and without
  the right token, reports "CSRF token not properly checked". Text fields
  are sent as text parts, as a browser sends them.

Everything else is wapiti as packaged. Arguments are wapiti's."""

import re
import sys

from wapitiCore.net import crawler
from wapitiCore.net.page import Page
from wapitiCore.main.wapiti import wapiti_main

packaged_post = crawler.Crawler.post


def post(self, form, follow_redirects=False, headers=None):
    """Crawler.post, with a multipart form's text fields as text parts."""
    if not form.is_multipart:
        return packaged_post(self, form, follow_redirects, headers)
    form_headers = dict(headers or {})
    if form.referer:
        form_headers["referer"] = form.referer
    parts = [(name, (None, value)) for name, value in form.post_params]
    parts += list(form.file_params)
    response = self._session.post(form.path, params=form.get_params,
                                  files=parts, headers=form_headers,
                                  timeout=self._timeout,
                                  allow_redirects=follow_redirects,
                                  verify=self.secure)
    return Page(response)


def wildcard_translate(pattern):
    """PATTERN with '*' for any text, as a compiled expression."""
    return re.compile(r"(?ms)" + "".join(
        ".*" if char == "*" else re.escape(char) for char in pattern) + r"\Z")


crawler.wildcard_translate = wildcard_translate
crawler.Crawler.post = post

if __name__ == "__main__":
    sys.argv[0] = "wapiti"
    sys.exit(wapiti_main())
