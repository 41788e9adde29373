"""The demo landing page's words, in Dutch and English (merged into ``words.WORDS``).

Sentences with ``{name}`` are filled on the page (``str.format``). Kinds of request and their states are
keyed ``demo_kind_<kind>`` and ``demo_state_<state>``, so the page never shows the keys themselves."""

from __future__ import annotations

NL = {
    "demo_intro": "Dit is een demo met verzonnen mensen. Hieronder staat wie wat laat zien.",
    "demo_role": "Rol", "demo_role_dpo": "Functionaris gegevensbescherming", "demo_sees": "Ziet",
    "demo_sees_all": "Alles: alle verzoeken (nieuw, bijna verlopen, te laat en beantwoord)",
    "demo_sees_breach": "het datalek met zijn 72-uursklok", "demo_sees_hold": "de juridische bewaarplicht",
    "demo_sees_course": "{n} deelnemers aan de opleiding {course}, onder wie {example}",
    "demo_people": "Mensen om het portaal mee te proberen",
    "demo_people_help": "Vul een van deze adressen in bij Mijn gegevens. De link staat daarna als bericht in "
    "de map outbox van de demo.",
    "demo_person": "Persoon", "demo_shows": "Laat zien",
    "demo_participant": "Deelnemer aan de opleiding {course} (zichtbaar voor de trainer)",
    "demo_consent": "Toestemming voor {activity}:",
    "demo_hold": "Juridische bewaarplicht: gegevens worden bewaard tot een rechtszaak is afgerond",
    "demo_kind_access": "Inzageverzoek", "demo_kind_rectification": "Correctieverzoek",
    "demo_kind_erasure": "Verwijderverzoek", "demo_kind_restriction": "Verzoek om beperking",
    "demo_kind_portability": "Verzoek om overdracht", "demo_kind_objection": "Bezwaar",
    "demo_kind_withdraw_consent": "Intrekking van toestemming", "demo_kind_question": "Vraag",
    "demo_state_new": "net binnen, nog niet bevestigd", "demo_state_soon": "bijna verlopen, uiterlijk {due}",
    "demo_state_overdue": "termijn verstreken op {due}", "demo_state_answered": "beantwoord",
}  # fmt: skip

EN = {
    "demo_intro": "This is a demo with made-up people. Below is who shows what.",
    "demo_role": "Role", "demo_role_dpo": "Data protection officer", "demo_sees": "Sees",
    "demo_sees_all": "Everything: every request (new, due soon, overdue and answered)",
    "demo_sees_breach": "the breach with its 72-hour clock", "demo_sees_hold": "the legal hold",
    "demo_sees_course": "{n} participants of the course {course}, among them {example}",
    "demo_people": "People to try the portal with",
    "demo_people_help": "Enter one of these addresses under My data. The link then arrives as a message in the "
    "demo's outbox folder.",
    "demo_person": "Person", "demo_shows": "Shows",
    "demo_participant": "Participant in the course {course} (the instructor sees them)",
    "demo_consent": "Consent to {activity}:",
    "demo_hold": "Legal hold: the data are kept until a court case is over",
    "demo_kind_access": "Access request", "demo_kind_rectification": "Correction request",
    "demo_kind_erasure": "Erasure request", "demo_kind_restriction": "Restriction request",
    "demo_kind_portability": "Portability request", "demo_kind_objection": "Objection",
    "demo_kind_withdraw_consent": "Withdrawal of consent", "demo_kind_question": "Question",
    "demo_state_new": "just in, not yet confirmed", "demo_state_soon": "due soon, by {due}",
    "demo_state_overdue": "overdue since {due}", "demo_state_answered": "answered",
}  # fmt: skip

DEMO: dict[str, dict[str, str]] = {"nl": NL, "en": EN}
