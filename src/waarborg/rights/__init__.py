"""Data-subject requests: intake, identity, deadlines, fulfilment and answers (Art 12, 15–21 AVG).

    opened = requests.open_request(vault, unit, "access", "an@example.nl", by=operator("cli:an"))
    verification.send(vault, unit, mailer, opened.id, base_url=...)   # a link and a code to a held address
    fulfil.fulfil(vault, unit, mailer, opened.id, by=...)              # the work, and the answer by mail

Every step is a row in ``request_steps`` (the request's own timeline) and an entry in the audit trail.
The requester's address is kept sealed under the installation's request key, only until the answer.
"""
