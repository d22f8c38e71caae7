"""The account home under ``/compte/``: one place for what a signed-in person has here.

allauth answers the sign-in pages (``/compte/login/``, ``/compte/signup/``, …); this package
adds the account's own pages and the rules the apps share about a person:

- ``identity``: who a person is for rows kept by address (``person_emails``);
- ``views`` and ``urls``: the account home (``/compte/``), the data export
  (``/compte/donnees/``), the deletion (``/compte/supprimer/``), and the pages apps mount
  under ``/compte/`` (« Mes inscriptions »);
- ``personal_data``: the export and the erasure, put together from every app's part;
- ``sections``: what an app shows on the account home;
- ``adapter``, ``forms``, ``verification``: allauth in the site's voice.

Apps contribute through the hooks listed in ``portal.hooks`` (``ACCOUNT_*``,
``PERSONAL_DATA``, ``ERASE_PERSONAL_DATA``): the account never imports them.
"""

from .identity import TryAgainLater, person_emails

__all__ = ["TryAgainLater", "person_emails"]
