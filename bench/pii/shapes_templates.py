"""The templates of the shapes corpus (see shapes.py): per shape and language an opener, body sentences and decoys.

Slots: ``{NAME}`` one of the text's people in turn, ``{FULL}``/``{INIT}``/``{TITLE}``/``{FIRST}`` a new name of
that form, ``{H}``, ``{MED}``, ``{TREAT}``, ``{SICK}`` health vocabularies, ``{REL}``, ``{PARTY}``, ``{UNION}``,
``{SEX}``, ``{SEXREL}``, ``{ETH}``, ``{BIO}``, ``{GENTEST}``, ``{GENFIND}``, ``{CRIME}`` the other special
categories, values (``{EMAIL}``, ``{IBAN}``, ``{IP}`` ...), and unlabelled fillers (``{DATE}``, ``{CITY}`` ...).
``{^X}`` capitalises the slot's first letter. ``[[text|KIND]]`` is fixed text with a label. Decoys hold no label.
"""

from __future__ import annotations

HR_NL = {
    "open": [
        "[[Ziekmelding|HEALTH]] {NAME}, {DATE}.",
        "Verzuimnotitie {DATE}: {NAME} {SICK}.",
        "Verzuimregistratie\nMedewerker: {NAME}\nEerste verzuimdag: {DATE}.",
        "Gespreksverslag re-integratie {NAME}, {DATE}.",
        "Notitie personeelsdossier {NAME}.",
        "Contactpersoon: {FULL}\nOnderwerp: verzuim.",
        "{NAME} belde om {TIME} en {SICK}.",
    ],
    "body": [
        "Klachten: {H} en {H}.",
        "{^H} is de reden van het verzuim.",
        "Medewerker heeft zich [[ziek gemeld|HEALTH]] met {H}.",
        "{^TREAT} is gestart; verwacht herstel over {N} weken.",
        "Gebruikt op dit moment {MED} in verband met {H}.",
        "Volgens de bedrijfsarts is {NAME} voorlopig [[arbeidsongeschikt|HEALTH]] voor het eigen werk.",
        "Na de [[operatie|HEALTH]] aan {BODY} mag {NAME} zes weken niet tillen.",
        "{NAME} is {N} weken [[zwanger|HEALTH]]; het [[zwangerschapsverlof|HEALTH]] gaat in op {DATE}.",
        "[[Zwangerschapsecho|HEALTH]] gepland, {NAME} is die ochtend afwezig.",
        "Sinds de [[ziekmelding|HEALTH]] ook {H}; de huisarts heeft {MED} voorgeschreven.",
        "{NAME} krijgt {TREAT} en werkt halve dagen.",
        "Het verzuimgesprek met {NAME} en de arbo-arts is op {DATE}.",
        "Re-integratie in overleg met {NAME}: plan van aanpak volgt.",
        "Huisbezoek op {ADDRESS}, {POSTCODE} {CITY}.",
        "Loon wordt doorbetaald op {IBAN}.",
        "BSN {BSN}, geboortedatum {DOB}.",
        "Bereikbaar op {PHONE} of via {EMAIL}.",
        "Leaseauto met kenteken {PLATE} blijft bij {NAME}.",
        "Kopie ID-kaart ({IDNR}) zit in het dossier.",
        "Gesproken met {INIT}.",
        "{TITLE} van P&O heeft het verslag gelezen.",
        "{NAME} {REL} en vraagt of de pauzes anders ingedeeld kunnen worden.",
        "In het gesprek liet {NAME} zich bijstaan door een adviseur van {UNION}.",
        "{NAME} is [[vakbondslid|UNION]] en wil dat de bond meeleest.",
        "{NAME} is gemeenteraadslid voor {PARTY} en vraagt buitengewoon verlof.",
        "{NAME} vertelde op {PARTY} te stemmen; dat hoort niet in dit dossier.",
        "{NAME} gaf aan {SEX} te zijn en zich niet veilig te voelen in het team.",
        "{NAME} heeft {SEXREL} en wil dat collega's dat respecteren.",
        "{NAME} is van {ETH} en ervaart opmerkingen van collega's als discriminerend.",
        "Toegang tot het lab via {BIO}; {NAME} heeft daar bezwaar tegen.",
        "{NAME} laat een {GENTEST} doen; de uitslag volgt.",
        "Uit onderzoek bleek een {GENFIND}; {NAME} wil dit vertrouwelijk houden.",
        "Uit de screening: {NAME} {CRIME}.",
        "{NAME} {SICK} wegens {H}.",
        "Terugval door {H}, de bedrijfsarts adviseert {TREAT}.",
        "{^H} en {H} volgens de huisarts; {MED} helpt onvoldoende.",
    ],
    "decoy": [
        "Het verzuimbeleid staat op SharePoint onder Beleid: Verzuim.",
        "Parkeren bij het ziekenhuis gaat volgens de tarieven van Ziekenhuisparkeren.",
        "De EHBO-cursus van maart is verplaatst naar april.",
        "Aanmelden voor de workshop Zorgverzekering vergelijken kan via AFAS.",
        "Het formulier staat in Teams; let op de bug bij het opslaan.",
        "Versie v2.10.1 van het verzuimsysteem draait sinds 12:30:45.",
    ],
}

HR_EN = {
    "open": [
        "Absence note {DATE}: {NAME} {SICK}.",
        "Sickness absence record\nEmployee: {NAME}\nFirst day: {DATE}.",
        "Return-to-work meeting with {NAME}, {DATE}.",
        "Personnel file note: {NAME}.",
        "Contact: {FULL}\nSubject: absence.",
    ],
    "body": [
        "Reported symptoms: {H} and {H}.",
        "{^H} is the reason for the absence.",
        "Started {TREAT}; expected back in {N} weeks.",
        "Currently taking {MED} for {H}.",
        "The occupational health adviser says {NAME} is [[unfit for work|HEALTH]] for now.",
        "After [[surgery|HEALTH]] on {BODY} {NAME} must not lift for six weeks.",
        "{NAME} is {N} weeks [[pregnant|HEALTH]]; [[maternity leave|HEALTH]] starts on {DATE}.",
        "{NAME} has a [[pregnancy scan|HEALTH]] on Tuesday morning.",
        "The return-to-work meeting with {NAME} is on {DATE}.",
        "Home visit at {ADDRESS}, {POSTCODE} {CITY}.",
        "Pay continues to {IBAN}.",
        "Date of birth {DOB}.",
        "Reachable on {PHONE} or at {EMAIL}.",
        "Spoke with {INIT}.",
        "{TITLE} from HR read the note.",
        "{NAME} {REL} and asked for a quiet room for prayer.",
        "{NAME} was accompanied by a rep from {UNION}.",
        "{NAME} is a [[union member|UNION]] and asked for the union to be copied in.",
        "{NAME} is a councillor for {PARTY} and asked for time off for meetings.",
        "{NAME} said they vote for {PARTY}; this does not belong in the file.",
        "{NAME} said he is {SEX} and does not feel safe in the team.",
        "{NAME} has {SEXREL} and asked colleagues to respect that.",
        "{NAME} is of {ETH} and finds colleagues' remarks discriminatory.",
        "Lab access uses {BIO}; {NAME} objects to it.",
        "{NAME} is having a {GENTEST}; results to follow.",
        "Tests showed a {GENFIND}; {NAME} wants this kept confidential.",
        "Screening result: {NAME} {CRIME}.",
        "In the meeting {NAME}, who is of {ETH}, described being left out of team events.",
        "{NAME} asked for leave after a {GENTEST}; a {GENFIND} was found.",
        "Citizen service number (BSN) {BSN} and ID card {IDNR} are on file.",
        "Pre-employment check: {NAME} {CRIME}.",
        "{NAME} {SICK} with {H}.",
    ],
    "decoy": [
        "The absence policy is on SharePoint under Policy: Absence.",
        "The first aid course in March moved to April.",
        "Sign up for the health insurance comparison workshop in AFAS.",
        "The form is in Teams; mind the bug when saving.",
    ],
}

CRM_NL = {
    "open": [
        "Accountnotitie {COMPANY}, {DATE}.",
        "Belnotitie: {NAME} ({COMPANY}).",
        "Contactpersoon: {FULL}",
        "{FULL} belde over de offerte.",
        "Verkoopkans {COMPANY}: {AMOUNT} euro.",
    ],
    "body": [
        "Gesproken met {INIT}.",
        "Ingeschreven bij de KvK onder {KVK}.",
        "Vestigingsadres {ADDRESS}, {POSTCODE} {CITY}.",
        "Factuur naar {EMAIL}, betaling op {IBAN}.",
        "Terugbellen op {PHONE} na {TIME}.",
        "{NAME} is de beslisser, {NAME} regelt de inkoop.",
        "{NAME} is tot eind van de maand afwezig vanwege {H}; contact via {NAME}.",
        "{NAME} komt met de auto, kenteken {PLATE}.",
        "Profiel: {URL}",
        "{NAME} vertelde lid te zijn van {PARTY}; niet relevant voor de deal.",
        "{NAME} {REL}, dus geen afspraken plannen op vrijdagmiddag.",
        "{TITLE} wil eerst overleggen met de ondernemingsraad.",
        "{NAME} is kaderlid van {UNION} en onderhandelt mee over de cao.",
        "Volgende stap: demo bij {NAME} op {DATE}.",
    ],
    "decoy": [
        "Klant wil een demo van de koppeling met AFAS en Power BI.",
        "Follow-up: offerte voor 25 licenties Microsoft 365 en Canva.",
        "Marketing stuurt de nieuwe brochure als PDF/A.",
        "De health check van hun server gaf een time-out; geen actie nodig.",
    ],
}

CRM_EN = {
    "open": [
        "Account note {COMPANY}, {DATE}.",
        "Call note: {NAME} ({COMPANY}).",
        "Contact: {FULL}",
        "{FULL} called about the quote.",
    ],
    "body": [
        "Spoke with {INIT}.",
        "Registered with the Chamber of Commerce under {KVK}.",
        "Office address {ADDRESS}, {POSTCODE} {CITY}.",
        "Invoice to {EMAIL}, payment to {IBAN}.",
        "Call back on {PHONE} after {TIME}.",
        "{NAME} decides, {NAME} handles purchasing.",
        "{NAME} is away until the end of the month with {H}; contact {NAME} instead.",
        "{NAME} comes by car, plate {PLATE}.",
        "Profile: {URL}",
        "{NAME} mentioned being a member of {PARTY}; not relevant to the deal.",
        "{NAME} {REL}, so no meetings on Friday afternoon.",
        "Next step: demo with {NAME} on {DATE}.",
    ],
    "decoy": [
        "Customer wants a demo of the AFAS and Power BI integration.",
        "Follow-up: quote for 25 Microsoft 365 licences.",
        "Marketing sends the brochure as PDF/A.",
    ],
}

TICKET_NL = {
    "open": [
        "Ticket #{TICKET}: kan niet inloggen op Moodle.",
        "Ticket #{TICKET}: Outlook crasht bij opstarten.",
        "Ticket #{TICKET}: VPN valt weg.",
        "Ticket #{TICKET}: AFAS-verlofaanvraag blijft hangen.",
        "Ticket #{TICKET}: Power BI-rapport laadt niet.",
        "Melding van {FULL}: wachtwoord verlopen.",
        "Melder: {FULL}\nOnderwerp: SharePoint-map niet zichtbaar.",
    ],
    "body": [
        "Melder: {NAME}, telefoon {PHONE}.",
        "Gemeld door {NAME} ({EMAIL}).",
        "Inlogpoging vanaf {IPT} mislukt om {TIME}.",
        "Volgens de firewall kwam het verkeer van {IPT}.",
        "Oplossing: cache gewist, {NAME} kan weer inloggen.",
        "Collega {NAME} is [[ziek|HEALTH]], graag overdragen aan {NAME}.",
        "Gebruiker {SICK} tot vrijdag; ticket on hold.",
        "Inloggen met {BIO} werkt niet op de laptop van {NAME}.",
        "Parkeervergunning aangevraagd voor kenteken {PLATE}.",
        "Profielpagina: {URL}",
        "Bevestiging gestuurd naar {EMAIL}.",
        "{NAME} heeft door {H} een aangepast toetsenbord nodig.",
        "Gesproken met {INIT}.",
        "Voorleessoftware nodig omdat {NAME} [[dyslexie|HEALTH]] heeft.",
        "Doorgezet naar {TITLE} van de servicedesk.",
    ],
    "decoy": [
        "Na de update naar Windows SP2 crasht Excel bij grote bestanden.",
        "De health check van de server geeft een time-out.",
        "De virusscanner blokkeert de bijlage; geen bug in Teams.",
        "Certificaten als PDF/A. Foutmelding bij upload.",
        "Server 127.0.0.1 en ::1 reageren; dienst luistert op 0.0.0.0:8080.",
        "Build 9f86d081884c7d65 met versie v2.10.1 uitgerold om 12:30:45.",
    ],
}

TICKET_EN = {
    "open": [
        "Ticket #{TICKET}: cannot log in to Moodle.",
        "Ticket #{TICKET}: Outlook crashes on start.",
        "Ticket #{TICKET}: VPN keeps dropping.",
        "Reported by {FULL}: password expired.",
    ],
    "body": [
        "Reporter: {NAME}, phone {PHONE}.",
        "Raised by {NAME} ({EMAIL}).",
        "Login attempt from {IPT} failed at {TIME}.",
        "The firewall shows the traffic came from {IPT}.",
        "Fix: cleared the cache, {NAME} can log in again.",
        "{NAME} is [[off sick|HEALTH]], please hand over to {NAME}.",
        "Signing in with {BIO} fails on {NAME}'s laptop.",
        "Parking permit requested for plate {PLATE}.",
        "Profile page: {URL}",
        "{NAME} needs an adapted keyboard because of {H}.",
        "Spoke with {INIT}.",
    ],
    "decoy": [
        "After the Windows SP2 update Excel crashes on large files.",
        "The server health check times out.",
        "The virus scanner blocks the attachment; not a bug in Teams.",
        "Service listens on 0.0.0.0:8080; 127.0.0.1 answers.",
    ],
}

COURSE_NL = {
    "open": [
        "Excel: Draaitabellen en grafieken.",
        "SharePoint: Samenwerken in teams.",
        "Power BI: Rapporten bouwen voor beginners.",
        "Moodle: Cursussen inrichten.",
        "AFAS: Verlof en declaraties.",
        "Canva: Ontwerpen voor social media.",
        "Werken met Marketing: de basis.",
        "Outlook en Teams: Slim vergaderen.",
        "Word: Huisstijl en sjablonen.",
        "Lean Six Sigma Yellow Belt.",
    ],
    "body": [
        "In deze training leer je stap voor stap werken met Excel.",
        "Duur: twee dagdelen. Niveau: Basis.",
        "Na afloop ontvang je een certificaat als PDF/A.",
        "Certificaten als PDF/A. Foutmelding bij upload.",
        "Voorkennis: Word en Outlook.",
        "Werkvorm: Klassikaal of online via Teams.",
        "Locatie: Utrecht, Jaarbeurs.",
        "Trainer: {FULL}.",
        "Vragen? Mail {EMAIL}.",
        "Prijs: 395 euro exclusief btw.",
        "Materiaal: Handboek Power BI en oefenbestanden.",
    ],
    "decoy": [
        "EHBO-cursus: Reanimatie en AED.",
        "Zorgverzekering vergelijken: Wat past bij jou?",
        "Wereldgodsdiensten: islam, jodendom en christendom in de klas.",
        "Vitaliteit: Omgaan met werkdruk en stress.",
        "AVG: Omgaan met bijzondere persoonsgegevens.",
        "Verzuimbeleid: Rol van de leidinggevende.",
    ],
}

COURSE_EN = {
    "open": [
        "Excel: Pivot tables and charts.",
        "SharePoint: Working together.",
        "Power BI: Building reports.",
        "Moodle: Setting up courses.",
        "Canva: Design for social media.",
        "Marketing Basics: An introduction.",
    ],
    "body": [
        "This course teaches Excel step by step.",
        "Length: two half-days. Level: Basic.",
        "You receive a certificate as PDF/A.",
        "Prerequisites: Word and Outlook.",
        "Format: Classroom or online in Teams.",
        "Trainer: {FULL}.",
        "Questions? Email {EMAIL}.",
    ],
    "decoy": [
        "First Aid at Work: Resuscitation and AED.",
        "World Religions: Islam, Judaism and Christianity.",
        "Mental Health Awareness for Managers.",
        "Health Insurance Explained.",
    ],
}

LOG_BODY = [
    '{IPA} - - [{CLF}] "GET {PATH} HTTP/1.1" {STATUS} {BYTES} "-" "{UA}"',
    '{IPA} - {EMAIL} [{CLF}] "POST /login HTTP/2.0" {STATUS} {BYTES} "-" "{UA}"',
    "{ISO} INFO  [auth] login ok user={EMAIL} ip={IPT}",
    "{ISO} WARN  [api] rate limit exceeded for client {IPT}",
    "{ISO} INFO  [proxy] X-Forwarded-For: {IPA}, {IP4}, {IPA}",
    "{ISO} ERROR [auth] 3 failed logins for {EMAIL} from {IPT}",
    "{SYSTIME} web01 sshd[{PID}]: Failed password for invalid user admin from {IP4} port {PORT} ssh2",
    "{SYSTIME} web01 sshd[{PID}]: Accepted publickey for deploy from {IPA} port {PORT} ssh2",
    "{ISO} INFO  [upstream] {IPURL} responded 302 in {MS} ms",
    "{ISO} WARN  [proxy] upstream {IPURL} timed out after {MS} ms",
    "{ISO} DEBUG [session] new session for {IPT} sid={HASH}",
    "{ISO} INFO  [ws] client connected from {IPT}",
]
LOG_DECOY = [
    "{ISO} INFO  server listening on 0.0.0.0:8080 and [::]:8080",
    "{ISO} ERROR [db] connection to [::1]:5432 refused",
    "{ISO} DEBUG health check ok in {MS} ms (v2.10.1, build {HASH})",
    "{ISO} INFO  [cron] job finished at 12:30:45, digest sha256:{HASH}{HASH}",
    "{SYSTIME} web01 systemd[1]: Started nginx; upstream 127.0.0.1:9000",
]
LOG = {
    "nl": {
        "open": ["{ISO} INFO  [app] gestart, versie v2.10.1", *LOG_BODY[:3]],
        "body": [*LOG_BODY, "{ISO} WARN  [auth] inlogpoging mislukt voor {EMAIL} vanaf {IPT}"],
        "decoy": LOG_DECOY,
    },
    "en": {"open": ["{ISO} INFO  [app] started, version v2.10.1", *LOG_BODY[:3]], "body": LOG_BODY, "decoy": LOG_DECOY},
}

TEMPLATES = {
    "hr": {"nl": HR_NL, "en": HR_EN},
    "crm": {"nl": CRM_NL, "en": CRM_EN},
    "ticket": {"nl": TICKET_NL, "en": TICKET_EN},
    "course": {"nl": COURSE_NL, "en": COURSE_EN},
    "log": LOG,
}
