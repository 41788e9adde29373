"""The words of the web pages, in Dutch and English: one table per language, assembled here from the
portal's and pages' words (this module), the office's (``words_office``) and the demo's (``words_demo``)."""

from __future__ import annotations

NL = {
    "skip": "Naar de inhoud", "other_lang": "English", "other_code": "en", "portal": "Mijn gegevens",
    "office": "Privacykantoor", "statement": "Privacyverklaring", "home": "Start",
    "welcome": "Hier ziet {you} welke gegevens wij van {you} hebben, en regelt {you} zelf wat {you} wilt.",
    "start_title": "Mijn gegevens bekijken",
    "start_text": "Vul {your} e-mailadres in. Hebben wij gegevens onder dat adres, dan sturen wij {you} een link "
                  "waarmee {you} ze ziet. De link werkt 30 minuten.",
    "email": "E-mailadres", "send_link": "Stuur mij de link",
    "sent_title": "Kijk in {your} mailbox",
    "sent_text": "Als wij gegevens hebben onder dit adres, is er een bericht met een link naar {your} mailbox "
                 "onderweg.",
    "link_invalid": "Deze link is niet (meer) geldig. Een link werkt één keer en is 30 minuten geldig; "
    "vraag een nieuwe aan.",
    "your_data": "{Your} gegevens", "collected": "Vastgelegd op", "kept_until": "Bewaard tot",
    "no_end": "Nog geen datum waarop wij dit verwijderen",
    "status_restricted": "beperkt: wij gebruiken deze gegevens nergens meer voor",
    "correct": "Verbeteren",
    "correct_help": "Klopt iets niet? Vul de juiste waarde in. Wat {you} zelf hebt opgegeven, passen wij meteen aan; "
    "andere gegevens bekijken wij eerst.", "corrected": "{Your} gegeven is verbeterd.", "new_value": "Nieuwe waarde",
    "field": "Gegeven", "send_correction": "Verbetering aanvragen",
    "mailings": "Berichten en toestemming", "save_choices": "Keuzes opslaan", "on": "aan", "off": "uit",
    "your_requests": "{Your} verzoeken", "no_requests": "{You} hebt nog geen verzoeken gedaan.", "due": "Uiterlijk",
    "status": "Status", "type": "Soort", "received": "Ontvangen",
    "actions": "Wat {you} kunt doen", "download": "Download al mijn gegevens (zip)",
    "ask": "Verzoek indienen", "ask_erasure": "Verwijder mijn gegevens", "ask_restriction": "Beperk het gebruik",
    "ask_objection": "Bezwaar tegen direct marketing", "ask_portability": "Mijn gegevens om mee te nemen",
    "ask_access": "Inzage in alles, ook bij andere systemen", "no_contact": "Benader mij daarna nooit meer",
    "sign_out": "Afmelden", "done": "Gelukt",
    "request_made": "{Your} verzoek is ingediend. Wij antwoorden uiterlijk op",
    "choices_saved": "{Your} keuzes zijn opgeslagen.", "nothing": "Wij hebben geen gegevens van {you}.",
    "login": "Inloggen", "username": "Gebruikersnaam", "password": "Wachtwoord", "code": "Code (authenticator)",
    "queue": "Verzoeken", "overdue": "te laat", "due_soon": "bijna", "days_left": "dagen",
    "subjects": "Personen zoeken", "register": "Register", "forecast": "Bewaarprognose", "breaches": "Datalekken",
    "audit": "Auditlog", "search": "Zoeken", "not_found": "Niet gevonden (of niet zichtbaar voor {your} rol).",
    "steps": "Stappen", "tasks": "Taken", "verify": "Identiteit vastgesteld", "reason": "Reden",
    "extend": "Verlengen (twee maanden)", "fulfil": "Uitvoeren en beantwoorden", "refuse": "Weigeren",
    "close": "Afsluiten", "override": "Afsluiten ondanks open taken (reden)", "task_done": "Gedaan",
    "task_refuse": "Weigeren", "note": "Toelichting", "findings": "Bevindingen", "no_findings": "Geen bevindingen.",
    "month": "Maand", "activity": "Verwerking", "records": "Registraties", "clock": "Klok", "at": "Tijd",
    "actor": "Wie", "what": "Wat", "demo": "Demo", "demo_cookies": "Cookiebanner (demo)",
    "demo_signins": "Demo-inlogs", "error": "Er ging iets mis",
}  # fmt: skip

EN = {
    "skip": "Skip to content", "other_lang": "Nederlands", "other_code": "nl", "portal": "My data",
    "office": "Privacy office", "statement": "Privacy statement", "home": "Home",
    "welcome": "See which data we hold about you, and decide for yourself what happens to it.",
    "start_title": "See my data",
    "start_text": "Enter your e-mail address. If we hold data under that address, we send you a link to see it. "
                  "The link works for 30 minutes.",
    "email": "E-mail address", "send_link": "Send me the link",
    "sent_title": "Check your mailbox",
    "sent_text": "If we hold data under this address, a message with a link is on its way to your mailbox.",
    "link_invalid": "This link is not (or no longer) valid. A link works once and for 30 minutes; ask for a new one.",
    "your_data": "Your data", "collected": "Recorded on", "kept_until": "Kept until",
    "no_end": "No date yet on which we delete this",
    "status_restricted": "restricted: we no longer use this data for anything",
    "correct": "Correct",
    "correct_help": "Something wrong? Enter the right value. What you gave us yourself is changed at once; "
    "other data we look at first.", "corrected": "Your data has been corrected.", "new_value": "New value",
    "field": "Item", "send_correction": "Ask for the correction",
    "mailings": "Messages and consent", "save_choices": "Save my choices", "on": "on", "off": "off",
    "your_requests": "{Your} requests", "no_requests": "{You} have not made any requests yet.", "due": "By",
    "status": "Status", "type": "Type", "received": "Received",
    "actions": "What would you like to do?", "download": "Download all my data (zip)",
    "ask": "Make a request", "ask_erasure": "Erase my data", "ask_restriction": "Restrict its use",
    "ask_objection": "Object to direct marketing", "ask_portability": "My data to take elsewhere",
    "ask_access": "Access to everything, in other systems too", "no_contact": "Never contact me again afterwards",
    "sign_out": "Sign out", "done": "Done", "request_made": "Your request has been made. We will answer by",
    "choices_saved": "Your choices have been saved.", "nothing": "We hold no data about you.",
    "login": "Sign in", "username": "User name", "password": "Password", "code": "Code (authenticator)",
    "queue": "Requests", "overdue": "overdue", "due_soon": "due soon", "days_left": "days",
    "subjects": "Find a person", "register": "Register", "forecast": "Retention forecast", "breaches": "Breaches",
    "audit": "Audit trail", "search": "Search", "not_found": "Not found (or not visible to your role).",
    "steps": "Steps", "tasks": "Tasks", "verify": "Identity established", "reason": "Reason",
    "extend": "Extend (two months)", "fulfil": "Carry out and answer", "refuse": "Refuse",
    "close": "Close", "override": "Close despite open tasks (reason)", "task_done": "Done",
    "task_refuse": "Refuse", "note": "Note", "findings": "Findings", "no_findings": "No findings.",
    "month": "Month", "activity": "Activity", "records": "Records", "clock": "Clock", "at": "Time",
    "actor": "Who", "what": "What", "demo": "Demo", "demo_cookies": "Cookie banner (demo)",
    "demo_signins": "Demo sign-ins", "error": "Something went wrong",
}  # fmt: skip

NL |= {
    "kind_access": "Inzage", "kind_rectification": "Correctie", "kind_erasure": "Verwijdering",
    "kind_restriction": "Beperking", "kind_portability": "Gegevens meenemen", "kind_objection": "Bezwaar",
    "kind_withdraw_consent": "Toestemming intrekken", "kind_question": "Vraag",
    "status_unverified": "Wacht op bevestiging", "status_verified": "Identiteit vastgesteld",
    "status_waiting": "Wacht op andere systemen", "status_fulfilled": "Afgehandeld", "status_refused": "Geweigerd",
}  # fmt: skip

EN |= {
    "kind_access": "Access", "kind_rectification": "Correction", "kind_erasure": "Erasure",
    "kind_restriction": "Restriction", "kind_portability": "Data to take elsewhere", "kind_objection": "Objection",
    "kind_withdraw_consent": "Consent withdrawn", "kind_question": "Question",
    "status_unverified": "Awaiting confirmation", "status_verified": "Identity established",
    "status_waiting": "Waiting for other systems", "status_fulfilled": "Answered", "status_refused": "Refused",
}  # fmt: skip

# What the register does not allow in a value, as a person reads it (the reasons come from vault.validate).
NL |= {
    "bad_email": "Dit is geen e-mailadres.",
    "bad_phone": "Dit is geen geldig telefoonnummer (een Nederlands nummer, of internationaal met +landcode).",
    "bad_iban": "Dit is geen geldig IBAN-rekeningnummer.", "bad_bsn": "Dit is geen geldig burgerservicenummer.",
    "bad_bsn_law": "Een burgerservicenummer leggen wij hier niet vast.",
    "bad_date_of_birth": "Dit is geen geboortedatum (schrijf die als JJJJ-MM-DD).",
    "bad_postcode": "Dit is geen geldige postcode (1234 AB).", "bad_required": "Dit gegeven mag niet leeg zijn.",
    "bad_too_long": "Dit is te lang: hoogstens {n} tekens.", "bad_value": "Deze waarde kunnen wij niet opslaan.",
    "bad_field": "Kies een gegeven uit de lijst.", "bad_kind": "Kies een soort verzoek uit de lijst.",
}  # fmt: skip

EN |= {
    "bad_email": "This is not an e-mail address.",
    "bad_phone": "This is not a valid phone number (a Dutch number, or international with +country code).",
    "bad_iban": "This is not a valid IBAN.", "bad_bsn": "This is not a valid citizen service number (BSN).",
    "bad_bsn_law": "We do not record a citizen service number (BSN) here.",
    "bad_date_of_birth": "This is not a date of birth (write it as YYYY-MM-DD).",
    "bad_postcode": "This is not a valid postcode (1234 AB).", "bad_required": "This item cannot be empty.",
    "bad_too_long": "This is too long: at most {n} characters.", "bad_value": "We cannot store this value.",
    "bad_field": "Choose an item from the list.", "bad_kind": "Choose a type of request from the list.",
}  # fmt: skip


# The pages behind a link in a mail: unsubscribe (/u/), answer a question (/n/), confirm a request (/r/).
# {you}/{your}/{You}/{Your}/{refl} follow the register's tone (see ``voiced``).
NL |= {
    "unsub_title": "Afmelden", "unsub_ask": "Afmelden voor {what} van {org}? Druk dan op de knop.",
    "unsub_button": "Ja, afmelden",
    "unsub_done": "{You} bent afgemeld voor {what}. {You} ontvangt deze berichten niet meer.",
    "unsub_already": "{You} was al afgemeld voor {what}.",
    "unsub_invalid": "Deze afmeldlink is niet geldig. Gebruik de link uit ons laatste bericht, of schrijf ons.",
    "unsub_gone": "Wij hebben geen gegevens meer van {you} voor deze berichten.",
    "unsub_all": "al onze berichten van '{activity}'",
    "answer_title": "{Your} antwoord", "answer_yes": "{You} geeft {org} toestemming: {consent}",
    "answer_no": "{You} geeft {org} geen toestemming; wij benaderen {you} niet meer.",
    "answer_button": "Bevestigen", "answer_done": "Dank {you}. Wij hebben {your} antwoord vastgelegd.",
    "answer_already": "{You} had deze vraag al beantwoord.", "answer_gone": "Deze vraag staat niet meer open.",
    "answer_invalid": "Deze link is niet geldig.",
    "confirm_title": "{Your} verzoek bevestigen", "confirm_ask": "Bevestig {your} verzoek aan {org}: {kind}.",
    "confirm_button": "Bevestigen",
    "confirm_done": "Dank {you}. {Your} verzoek is bevestigd. Wij antwoorden uiterlijk op {day}.",
    "confirm_invalid": "Deze link is niet (meer) geldig. Gebruik de link uit het laatste bericht, of vraag een "
    "nieuwe aan.",
}  # fmt: skip

EN |= {
    "unsub_title": "Unsubscribe", "unsub_ask": "Unsubscribe from {what} of {org}? Then press the button.",
    "unsub_button": "Yes, unsubscribe",
    "unsub_done": "{You} have been unsubscribed from {what}. {You} will no longer receive these messages.",
    "unsub_already": "{You} had already unsubscribed from {what}.",
    "unsub_invalid": "This unsubscribe link is not valid. Use the link in our latest message, or write to us.",
    "unsub_gone": "We no longer hold any data of yours for these messages.",
    "unsub_all": "all our messages of '{activity}'",
    "answer_title": "{Your} answer", "answer_yes": "{You} give {org} {your} consent: {consent}",
    "answer_no": "{You} do not give {org} {your} consent; we will not approach {you} again.",
    "answer_button": "Confirm", "answer_done": "Thank {you}. We have recorded {your} answer.",
    "answer_already": "{You} had already answered this question.", "answer_gone": "This question is no longer open.",
    "answer_invalid": "This link is not valid.",
    "confirm_title": "Confirm {your} request", "confirm_ask": "Confirm {your} request to {org}: {kind}.",
    "confirm_button": "Confirm",
    "confirm_done": "Thank {you}. {Your} request is confirmed. We will answer by {day} at the latest.",
    "confirm_invalid": "This link is not (or no longer) valid. Use the link in the latest message, or ask for a "
    "new one.",
}  # fmt: skip


# The mail with the link to the portal.
NL |= {
    "link_mail_subject": "{Your} link naar {your} gegevens",
    "link_mail_text": "Met deze link ziet {you} {your} gegevens (30 minuten geldig, één keer te gebruiken):",
}
EN |= {
    "link_mail_subject": "{Your} link to {your} data",
    "link_mail_text": "This link shows {you} {your} data (valid for 30 minutes, once):",
}


# Error pages (web/errors.py): what went wrong, in the reader's words.
NL |= {
    "err_not_found": "Deze pagina bestaat niet (meer).",
    "err_forbidden": "Dit formulier is verlopen of kwam niet van deze site. Laad de pagina opnieuw en probeer "
    "het nog eens.",
    "err_unauthorised": "{You} bent niet meer ingelogd. Vraag een nieuwe link aan om {your} gegevens te zien.",
    "err_too_many": "Te veel pogingen. Wacht een paar minuten en probeer het dan opnieuw.",
    "err_busy": "Het is even te druk. Er is niets opgeslagen of veranderd; probeer het over een paar seconden opnieuw.",
    "err_input": "Wat {you} invulde, kunnen wij niet verwerken. Ga terug en controleer het.",
    "err_too_large": "Dit is te groot om te versturen.", "err_refused": "Dit kan nu niet.",
    "err_other": "Er ging bij ons iets mis. Probeer het later opnieuw.",
}  # fmt: skip
EN |= {
    "err_not_found": "This page does not exist (any more).",
    "err_forbidden": "This form is out of date or did not come from this site. Reload the page and try again.",
    "err_unauthorised": "{You} are no longer signed in. Ask for a new link to see {your} data.",
    "err_too_many": "Too many attempts. Wait a few minutes, then try again.",
    "err_busy": "It is too busy for a moment. Nothing was stored or changed; please try again in a few seconds.",
    "err_input": "We cannot process what {you} entered. Go back and check it.",
    "err_too_large": "This is too large to send.", "err_refused": "This cannot be done now.",
    "err_other": "Something went wrong on our side. Please try again later.",
}  # fmt: skip

import re  # noqa: E402
from functools import cache  # noqa: E402

from waarborg.register.render.words import Voice  # noqa: E402
from waarborg.vault import validate  # noqa: E402
from waarborg.web.words_demo import DEMO  # noqa: E402
from waarborg.web.words_office import OFFICE  # noqa: E402

WORDS = {lang: {**table, **OFFICE[lang], **DEMO[lang]} for lang, table in (("nl", NL), ("en", EN))}


@cache
def voiced(lang: str, formal: bool) -> dict[str, str]:
    """The word table of ``lang`` in the register's tone: {you}, {your}, {You}, {Your}, ... filled."""
    voice = Voice(lang, formal)
    return {key: voice.fill(text) for key, text in WORDS[lang].items()}


REASON_KEYS = {
    validate.NOT_EMAIL: "bad_email", validate.NOT_PHONE: "bad_phone", validate.NOT_IBAN: "bad_iban",
    validate.NOT_BSN: "bad_bsn", validate.BSN_WITHOUT_LAW: "bad_bsn_law",
    validate.NOT_DATE_OF_BIRTH: "bad_date_of_birth", validate.NOT_POSTCODE: "bad_postcode",
    "required": "bad_required",
}  # fmt: skip
_TOO_LONG = re.compile(r"too long \(max (\d+) characters\)")


def reason_text(reason: str, lang: str) -> str:
    """Why a value was refused (a reason of vault.validate), in the reader's words; never the developer's."""
    words = WORDS[lang]
    if too_long := _TOO_LONG.fullmatch(reason):
        return words["bad_too_long"].format(n=too_long.group(1))
    return words[REASON_KEYS.get(reason, "bad_value")]
