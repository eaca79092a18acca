<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Advisor Desk</source>
        <translation>Über Advisor Desk</translation>
    </message>
    <message>
        <source>Advisor Desk</source>
        <translation>Advisor Desk</translation>
    </message>
    <message>
        <source>Version %1 · Qt %2</source>
        <translation>Version %1 · Qt %2</translation>
    </message>
    <message>
        <source>Take live video calls and booked appointments with your customers. The app bundles open-source software; each part keeps its own licence:</source>
        <translation>Führen Sie Live-Videoanrufe und gebuchte Termine mit Ihren Kunden. Die App enthält Open-Source-Software; jeder Teil behält seine eigene Lizenz:</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <source>Licence text</source>
        <translation>Lizenztext</translation>
    </message>
    <message>
        <source>The licence texts are missing from this installation.</source>
        <translation>Die Lizenztexte fehlen in dieser Installation.</translation>
    </message>
</context>
<context>
    <name>AdvisorClock</name>
    <message>
        <source>ddd d MMM</source>
        <translation>ddd d. MMM</translation>
    </message>
    <message>
        <source>Starts now</source>
        <translation>Beginnt jetzt</translation>
    </message>
    <message>
        <source>Starts in %1</source>
        <translation>Beginnt in %1</translation>
    </message>
    <message>
        <source>Started %1 ago</source>
        <translation>Hat vor %1 begonnen</translation>
    </message>
</context>
<context>
    <name>AppointmentReminders</name>
    <message>
        <source>Appointment with %1 in %2</source>
        <translation>Termin mit %1 in %2</translation>
    </message>
    <message>
        <source>Paid.</source>
        <translation>Bezahlt.</translation>
    </message>
    <message>
        <source>Not paid yet.</source>
        <translation>Noch nicht bezahlt.</translation>
    </message>
    <message>
        <source>%1, %2 minutes. %3</source>
        <translation>%1, %2 Minuten. %3</translation>
    </message>
</context>
<context>
    <name>BookedCallBar</name>
    <message>
        <source>Time left until the booked end</source>
        <translation>Verbleibende Zeit bis zum gebuchten Ende</translation>
    </message>
</context>
<context>
    <name>BookedCallController</name>
    <message>
        <source>left · ends at %1</source>
        <translation>übrig · Ende %1</translation>
    </message>
    <message>
        <source>1 minute left: the call ends at %1.</source>
        <translation>Noch 1 Minute: Der Anruf endet um %1.</translation>
    </message>
    <message>
        <source>%2 minutes left: the call ends at %1.</source>
        <translation>Noch %2 Minuten: Der Anruf endet um %1.</translation>
    </message>
    <message>
        <source>the code is wrong.</source>
        <translation>Der Code ist falsch.</translation>
    </message>
    <message>
        <source>no code given.</source>
        <translation>kein Code angegeben.</translation>
    </message>
</context>
<context>
    <name>BookingActions</name>
    <message>
        <source>Answer the request</source>
        <translation>Anfrage beantworten</translation>
    </message>
    <message>
        <source>Wished slot to confirm</source>
        <translation>Zu bestätigender Wunschtermin</translation>
    </message>
    <message>
        <source>Con&amp;firm slot</source>
        <translation>Termin bestäti&amp;gen</translation>
    </message>
    <message>
        <source>&amp;Propose other time…</source>
        <translation>Andere Zeit &amp;vorschlagen…</translation>
    </message>
    <message>
        <source>&amp;Decline…</source>
        <translation>Ab&amp;sagen…</translation>
    </message>
    <message>
        <source>&amp;Call now</source>
        <translation>&amp;Jetzt anrufen</translation>
    </message>
    <message>
        <source>Why Call is not available</source>
        <translation>Warum Anrufen nicht möglich ist</translation>
    </message>
</context>
<context>
    <name>BookingActionsController</name>
    <message>
        <source>Appointment with %1 confirmed for %2.</source>
        <translation>Termin mit %1 für %2 bestätigt.</translation>
    </message>
    <message>
        <source>You proposed %2 to %1; the appointment is confirmed for that time.</source>
        <translation>Sie haben %1 den Termin %2 vorgeschlagen; der Termin ist für diese Zeit bestätigt.</translation>
    </message>
    <message>
        <source>Request from %1 declined.</source>
        <translation>Anfrage von %1 abgesagt.</translation>
    </message>
    <message>
        <source>You can call from %1 (in %2).</source>
        <translation>Sie können ab %1 anrufen (in %2).</translation>
    </message>
    <message>
        <source>Waiting for the customer&apos;s payment: the call starts once it is paid.</source>
        <translation>Warten auf die Zahlung des Kunden: Der Anruf ist möglich, sobald bezahlt ist.</translation>
    </message>
    <message>
        <source>The booked time is over.</source>
        <translation>Die gebuchte Zeit ist vorbei.</translation>
    </message>
    <message>
        <source>A call for this appointment is open.</source>
        <translation>Für diesen Termin ist ein Anruf offen.</translation>
    </message>
    <message>
        <source>Started %1 ago; the call still ends at %2.</source>
        <translation>Hat vor %1 begonnen; der Anruf endet trotzdem um %2.</translation>
    </message>
    <message>
        <source>The customer&apos;s page rings when you call.</source>
        <translation>Wenn Sie anrufen, klingelt es auf der Seite des Kunden.</translation>
    </message>
</context>
<context>
    <name>BookingDetails</name>
    <message>
        <source>Appointment details</source>
        <translation>Termindetails</translation>
    </message>
    <message>
        <source>No appointment selected</source>
        <translation>Kein Termin ausgewählt</translation>
    </message>
    <message>
        <source>Pick one from the list to read the request.</source>
        <translation>Wählen Sie einen Termin aus der Liste, um die Anfrage zu lesen.</translation>
    </message>
    <message>
        <source>Time until the appointment</source>
        <translation>Zeit bis zum Termin</translation>
    </message>
    <message>
        <source>Confirmed for</source>
        <translation>Bestätigt für</translation>
    </message>
    <message>
        <source>Wished slots</source>
        <translation>Wunschtermine</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Zahlung</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <source>Request text</source>
        <translation>Anfragetext</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Bezahlt</translation>
    </message>
    <message>
        <source>Not paid yet</source>
        <translation>Noch nicht bezahlt</translation>
    </message>
    <message>
        <source>(no request text)</source>
        <translation>(kein Anfragetext)</translation>
    </message>
</context>
<context>
    <name>BookingQueue</name>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Bezahlt</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Abgesagt</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <source>In call</source>
        <translation>Im Gespräch</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Keine Antwort</translation>
    </message>
    <message>
        <source>Not paid</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Confirmed slot</source>
        <translation>Bestätigter Termin</translation>
    </message>
    <message>
        <source>First wished slot</source>
        <translation>Erster Wunschtermin</translation>
    </message>
</context>
<context>
    <name>BookingQueueView</name>
    <message>
        <source>&amp;All</source>
        <translation>A&amp;lle</translation>
    </message>
    <message>
        <source>Show all appointments</source>
        <translation>Alle Termine anzeigen</translation>
    </message>
    <message>
        <source>&amp;Requests</source>
        <translation>Anf&amp;ragen</translation>
    </message>
    <message>
        <source>Show requests</source>
        <translation>Anfragen anzeigen</translation>
    </message>
    <message>
        <source>&amp;Confirmed</source>
        <translation>Bes&amp;tätigt</translation>
    </message>
    <message>
        <source>Show confirmed appointments</source>
        <translation>Bestätigte Termine anzeigen</translation>
    </message>
    <message>
        <source>&amp;Past</source>
        <translation>V&amp;ergangen</translation>
    </message>
    <message>
        <source>Show past appointments</source>
        <translation>Vergangene Termine anzeigen</translation>
    </message>
    <message>
        <source>Appointments</source>
        <translation>Termine</translation>
    </message>
    <message>
        <source>Search name or request</source>
        <translation>Name oder Anfrage</translation>
    </message>
    <message>
        <source>Search appointments by name or request text</source>
        <translation>Termine nach Name oder Anfragetext durchsuchen</translation>
    </message>
    <message>
        <source>No appointments match.</source>
        <translation>Keine passenden Termine.</translation>
    </message>
</context>
<context>
    <name>CallAgain</name>
    <message>
        <source>Call back</source>
        <translation>Zurückrufen</translation>
    </message>
    <message>
        <source>The appointment stays booked: call %1 back when the line is better.</source>
        <translation>Der Termin bleibt gebucht: Rufen Sie %1 zurück, wenn die Verbindung besser ist.</translation>
    </message>
    <message>
        <source>%1 was asked to try again when the connection is better; be online to take the call.</source>
        <translation>%1 wurde gebeten, es bei besserer Verbindung erneut zu versuchen; seien Sie online, um den Anruf anzunehmen.</translation>
    </message>
    <message>
        <source>Go online again</source>
        <translation>Wieder online gehen</translation>
    </message>
    <message>
        <source>You are online</source>
        <translation>Sie sind online</translation>
    </message>
</context>
<context>
    <name>CallChatPanel</name>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Chat messages</source>
        <translation>Chatnachrichten</translation>
    </message>
    <message>
        <source>Message %1</source>
        <translation>Nachricht an %1</translation>
    </message>
    <message>
        <source>Chat message</source>
        <translation>Chatnachricht</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>Senden (Eingabetaste)</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>Nachricht senden</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>The call has ended</source>
        <translation>Der Anruf ist beendet</translation>
    </message>
</context>
<context>
    <name>CallController</name>
    <message>
        <source>Camera off · audio only</source>
        <translation>Kamera aus · nur Ton</translation>
    </message>
    <message>
        <source>Waiting for video…</source>
        <translation>Warten auf Video…</translation>
    </message>
    <message>
        <source>Checking the billed time…</source>
        <translation>Abgerechnete Zeit wird geprüft…</translation>
    </message>
    <message>
        <source>The call could not be started</source>
        <translation>Der Anruf konnte nicht gestartet werden</translation>
    </message>
    <message>
        <source>Camera off</source>
        <translation>Kamera aus</translation>
    </message>
    <message>
        <source>Starting camera…</source>
        <translation>Kamera wird gestartet…</translation>
    </message>
    <message>
        <source>Not sent: the call is not connected yet</source>
        <translation>Nicht gesendet: Der Anruf ist noch nicht verbunden</translation>
    </message>
    <message>
        <source>Not delivered: %1</source>
        <translation>Nicht zugestellt: %1</translation>
    </message>
    <message>
        <source>The microphone could not be switched: %1</source>
        <translation>Das Mikrofon konnte nicht umgeschaltet werden: %1</translation>
    </message>
    <message>
        <source>The camera could not be switched: %1</source>
        <translation>Die Kamera konnte nicht umgeschaltet werden: %1</translation>
    </message>
    <message>
        <source>Hanging up failed: %1. Try again.</source>
        <translation>Auflegen fehlgeschlagen: %1. Bitte versuchen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>CallControls</name>
    <message>
        <source>Microphone</source>
        <translation>Mikrofon</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Stumm</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Ton an</translation>
    </message>
    <message>
        <source>Mute your microphone</source>
        <translation>Mikrofon stummschalten</translation>
    </message>
    <message>
        <source>Unmute your microphone</source>
        <translation>Mikrofon einschalten</translation>
    </message>
    <message>
        <source>Microphone is on.</source>
        <translation>Mikrofon ist an.</translation>
    </message>
    <message>
        <source>Microphone is off.</source>
        <translation>Mikrofon ist aus.</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <source>Stop video</source>
        <translation>Video aus</translation>
    </message>
    <message>
        <source>Start video</source>
        <translation>Video an</translation>
    </message>
    <message>
        <source>Turn your camera off</source>
        <translation>Kamera ausschalten</translation>
    </message>
    <message>
        <source>Turn your camera on</source>
        <translation>Kamera einschalten</translation>
    </message>
    <message>
        <source>Camera is on.</source>
        <translation>Kamera ist an.</translation>
    </message>
    <message>
        <source>Camera is off.</source>
        <translation>Kamera ist aus.</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Auflegen</translation>
    </message>
    <message>
        <source>End the call (%1)</source>
        <translation>Anruf beenden (%1)</translation>
    </message>
    <message>
        <source>End for abuse</source>
        <translation>Wegen Missbrauch beenden</translation>
    </message>
    <message>
        <source>Ends the call at once; the remaining time counts as used.</source>
        <translation>Beendet den Anruf sofort; die restliche Zeit gilt als genutzt.</translation>
    </message>
</context>
<context>
    <name>CallCountdown</name>
    <message>
        <source>Connection too slow</source>
        <translation>Verbindung zu langsam</translation>
    </message>
    <message>
        <source>The call is about to end</source>
        <translation>Der Anruf endet gleich</translation>
    </message>
    <message>
        <source>The call ends in %1 s</source>
        <translation>Der Anruf endet in %1 s</translation>
    </message>
    <message numerus="yes">
        <source>The call ends in %n second(s).</source>
        <translation>
            <numerusform>Der Anruf endet in %n Sekunde.</numerusform>
            <numerusform>Der Anruf endet in %n Sekunden.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CallMedia</name>
    <message>
        <source>Camera unavailable ({reason}): the call continues with audio only.</source>
        <translation>Kamera nicht verfügbar ({reason}): Der Anruf läuft nur mit Ton weiter.</translation>
    </message>
    <message>
        <source>No microphone ({reason}): the customer cannot hear you.</source>
        <translation>Kein Mikrofon ({reason}): Der Kunde kann Sie nicht hören.</translation>
    </message>
    <message>
        <source>The camera stopped ({reason}): video is off.</source>
        <translation>Die Kamera hat aufgehört ({reason}): Das Video ist aus.</translation>
    </message>
    <message>
        <source>There is no camera to turn on.</source>
        <translation>Es gibt keine Kamera zum Einschalten.</translation>
    </message>
    <message>
        <source>The camera could not be turned on ({reason}).</source>
        <translation>Die Kamera konnte nicht eingeschaltet werden ({reason}).</translation>
    </message>
</context>
<context>
    <name>CallQuality</name>
    <message>
        <source>Measuring the connection…</source>
        <translation>Verbindung wird gemessen…</translation>
    </message>
    <message>
        <source>Good connection</source>
        <translation>Gute Verbindung</translation>
    </message>
    <message>
        <source>Connection too slow for good video</source>
        <translation>Verbindung zu langsam für gutes Video</translation>
    </message>
    <message>
        <source>Very slow connection</source>
        <translation>Sehr langsame Verbindung</translation>
    </message>
    <message>
        <source>Up %1 kbit/s · down %2 kbit/s</source>
        <translation>Hoch %1 kbit/s · runter %2 kbit/s</translation>
    </message>
    <message>
        <source>Loss %1 %</source>
        <translation>Verlust %1 %</translation>
    </message>
    <message>
        <source>Round trip %1 ms</source>
        <translation>Umlaufzeit %1 ms</translation>
    </message>
    <message>
        <source>Video needs %1 kbit/s both ways</source>
        <translation>Video braucht %1 kbit/s in beide Richtungen</translation>
    </message>
    <message>
        <source>{reason} ({seconds} s)</source>
        <translation>{reason} ({seconds} s)</translation>
    </message>
    <message>
        <source>Connection interrupted: trying to restore it.</source>
        <translation>Verbindung unterbrochen: Sie wird wiederhergestellt.</translation>
    </message>
    <message>
        <source>Setting up a fresh connection.</source>
        <translation>Eine neue Verbindung wird aufgebaut.</translation>
    </message>
    <message>
        <source>Connection lost: the call ends unless it comes back.</source>
        <translation>Verbindung verloren: Der Anruf endet, wenn sie nicht zurückkommt.</translation>
    </message>
    <message>
        <source>Connection lost for {seconds} seconds: the call was ended.</source>
        <translation>Verbindung {seconds} Sekunden lang verloren: Der Anruf wurde beendet.</translation>
    </message>
    <message>
        <source>The connection is back.</source>
        <translation>Die Verbindung ist wieder da.</translation>
    </message>
    <message>
        <source>The connection recovered: the call continues.</source>
        <translation>Die Verbindung hat sich erholt: Der Anruf geht weiter.</translation>
    </message>
    <message>
        <source>Connection too slow: the call was ended.</source>
        <translation>Verbindung zu langsam: Der Anruf wurde beendet.</translation>
    </message>
    <message>
        <source>Connection too slow even for audio: the call is about to end.</source>
        <translation>Die Verbindung ist selbst für Ton zu langsam: Der Anruf endet gleich.</translation>
    </message>
    <message>
        <source>Video paused: connection too slow.</source>
        <translation>Video pausiert: Verbindung zu langsam.</translation>
    </message>
    <message>
        <source>Video reduced: the connection is slower.</source>
        <translation>Video verkleinert: Die Verbindung ist langsamer.</translation>
    </message>
    <message>
        <source>Checking whether the connection carries full video.</source>
        <translation>Prüfe, ob die Verbindung volles Video trägt.</translation>
    </message>
    <message>
        <source>Full video again: the connection recovered.</source>
        <translation>Wieder volles Video: Die Verbindung hat sich erholt.</translation>
    </message>
    <message>
        <source>Reduced video stays: the connection does not carry full video.</source>
        <translation>Das Video bleibt verkleinert: Die Verbindung trägt kein volles Video.</translation>
    </message>
    <message>
        <source>Checking whether the connection carries video again.</source>
        <translation>Es wird geprüft, ob die Verbindung wieder Video schafft.</translation>
    </message>
    <message>
        <source>Video is back: the connection recovered.</source>
        <translation>Das Video ist zurück: Die Verbindung hat sich erholt.</translation>
    </message>
    <message>
        <source>Video stays paused: the connection is still too slow.</source>
        <translation>Das Video bleibt pausiert: Die Verbindung ist noch zu langsam.</translation>
    </message>
    <message>
        <source>HD video: the connection is fast enough.</source>
        <translation>HD-Video: Die Verbindung ist schnell genug.</translation>
    </message>
    <message>
        <source>Standard video: the connection no longer carries HD.</source>
        <translation>Standard-Video: Die Verbindung schafft kein HD mehr.</translation>
    </message>
    <message>
        <source>Speech at {kbps} kbit/s: the connection is slow.</source>
        <translation>Sprache mit {kbps} kbit/s: Die Verbindung ist langsam.</translation>
    </message>
    <message>
        <source>Speech at {kbps} kbit/s again.</source>
        <translation>Sprache wieder mit {kbps} kbit/s.</translation>
    </message>
    <message>
        <source>The security code could not be verified: someone may be listening in. The call was ended.</source>
        <translation>Der Sicherheitscode ließ sich nicht bestätigen: Jemand könnte mithören. Der Anruf wurde beendet.</translation>
    </message>
</context>
<context>
    <name>CallSession</name>
    <message>
        <source>The connection could not be set up within {seconds} seconds.</source>
        <translation>Die Verbindung konnte nicht innerhalb von {seconds} Sekunden aufgebaut werden.</translation>
    </message>
    <message>
        <source>The connection to the customer was lost.</source>
        <translation>Die Verbindung zum Kunden ist abgebrochen.</translation>
    </message>
    <message>
        <source>The customer hung up.</source>
        <translation>Der Kunde hat aufgelegt.</translation>
    </message>
    <message>
        <source>The platform ended the call.</source>
        <translation>Die Plattform hat den Anruf beendet.</translation>
    </message>
    <message>
        <source>Signalling failed: {error}</source>
        <translation>Signalisierung fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>You ended the call.</source>
        <translation>Sie haben den Anruf beendet.</translation>
    </message>
    <message>
        <source>The call failed unexpectedly.</source>
        <translation>Der Anruf ist unerwartet fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The platform accepted the request but opened no call.</source>
        <translation>Die Plattform hat die Anfrage angenommen, aber keinen Anruf geöffnet.</translation>
    </message>
    <message>
        <source>The call was closed.</source>
        <translation>Der Anruf wurde geschlossen.</translation>
    </message>
</context>
<context>
    <name>CallStage</name>
    <message>
        <source>%1&apos;s video</source>
        <translation>Video von %1</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Your camera preview</source>
        <translation>Vorschau Ihrer Kamera</translation>
    </message>
    <message>
        <source>Your camera</source>
        <translation>Ihre Kamera</translation>
    </message>
</context>
<context>
    <name>CallSummary</name>
    <message>
        <source>Call ended</source>
        <translation>Anruf beendet</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>CallTexts</name>
    <message>
        <source>Not billed: the call never connected</source>
        <translation>Nicht abgerechnet: Der Anruf wurde nie verbunden</translation>
    </message>
    <message>
        <source>The call was hung up</source>
        <translation>Es wurde aufgelegt</translation>
    </message>
    <message>
        <source>The connection was too slow</source>
        <translation>Die Verbindung war zu langsam</translation>
    </message>
    <message>
        <source>The call was ended for abuse</source>
        <translation>Der Anruf wurde wegen Missbrauchs beendet</translation>
    </message>
    <message>
        <source>The customer&apos;s booking could not be verified</source>
        <translation>Die Buchung des Kunden konnte nicht bestätigt werden</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Keine Antwort</translation>
    </message>
    <message>
        <source>The call could not continue because of an error</source>
        <translation>Der Anruf konnte wegen eines Fehlers nicht weitergehen</translation>
    </message>
    <message>
        <source>The booked time is over</source>
        <translation>Die gebuchte Zeit ist vorbei</translation>
    </message>
    <message>
        <source>The customer did not come</source>
        <translation>Der Kunde ist nicht erschienen</translation>
    </message>
    <message>
        <source>The connection was lost: the platform no longer heard from one side</source>
        <translation>Die Verbindung ist abgebrochen: Die Plattform hörte nichts mehr von einer Seite</translation>
    </message>
    <message>
        <source>Reconnecting to %1…</source>
        <translation>Verbindung zu %1 wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>Waiting for %1…</source>
        <translation>Warten auf %1…</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbindung zu %1 wird hergestellt…</translation>
    </message>
    <message>
        <source>In call</source>
        <translation>Im Gespräch</translation>
    </message>
    <message>
        <source>Ending the call…</source>
        <translation>Anruf wird beendet…</translation>
    </message>
    <message>
        <source>Call ended</source>
        <translation>Anruf beendet</translation>
    </message>
    <message>
        <source>You hung up</source>
        <translation>Sie haben aufgelegt</translation>
    </message>
    <message>
        <source>%1 hung up</source>
        <translation>%1 hat aufgelegt</translation>
    </message>
    <message>
        <source>The platform ended the call</source>
        <translation>Die Plattform hat den Anruf beendet</translation>
    </message>
    <message>
        <source>The call has ended</source>
        <translation>Der Anruf ist beendet</translation>
    </message>
    <message>
        <source>The billed time could not be fetched from the platform</source>
        <translation>Die abgerechnete Zeit konnte nicht von der Plattform abgerufen werden</translation>
    </message>
    <message>
        <source>Billed %1</source>
        <translation>Abgerechnet: %1</translation>
    </message>
    <message>
        <source>The platform has not confirmed the end yet: the app keeps telling it. Billing stops at %1.</source>
        <translation>Die Plattform hat das Ende noch nicht bestätigt: Die App meldet es weiter. Abgerechnet wird bis %1.</translation>
    </message>
    <message>
        <source>Security code %1: read it to your customer. If it matches what they see, no one is listening in.</source>
        <translation>Sicherheitscode %1: Lesen Sie ihn Ihrem Kunden vor. Stimmt er mit dem überein, was der Kunde sieht, hört niemand mit.</translation>
    </message>
</context>
<context>
    <name>CallWindow</name>
    <message>
        <source>Call with %1 (%2)</source>
        <translation>Anruf mit %1 (%2)</translation>
    </message>
    <message>
        <source>%1 years</source>
        <translation>%1 Jahre</translation>
    </message>
    <message>
        <source>%1 is %2 years old</source>
        <translation>%1 ist %2 Jahre alt</translation>
    </message>
    <message>
        <source>Age %1</source>
        <translation>Alter %1</translation>
    </message>
    <message>
        <source>Call status</source>
        <translation>Anrufstatus</translation>
    </message>
    <message>
        <source>Security code NOT verified: someone may be listening in. Call ended.</source>
        <translation>Sicherheitscode NICHT bestätigt: Jemand könnte mithören. Anruf beendet.</translation>
    </message>
    <message>
        <source>Security code not verified</source>
        <translation>Sicherheitscode nicht bestätigt</translation>
    </message>
    <message>
        <source>Security code %1</source>
        <translation>Sicherheitscode %1</translation>
    </message>
    <message>
        <source>New security code %1</source>
        <translation>Neuer Sicherheitscode %1</translation>
    </message>
    <message>
        <source>new connection: read it to %1 again</source>
        <translation>neue Verbindung: lesen Sie ihn %1 erneut vor</translation>
    </message>
    <message>
        <source>read it to %1; if it matches, no one is listening in</source>
        <translation>lesen Sie ihn %1 vor; stimmt er überein, hört niemand mit</translation>
    </message>
    <message>
        <source>Security code</source>
        <translation>Sicherheitscode</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>Could not tell %1 in the chat; please write to them.</source>
        <translation>%1 konnte im Chat nicht benachrichtigt werden; bitte schreiben Sie selbst.</translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>Loading conversations…</source>
        <translation>Unterhaltungen werden geladen…</translation>
    </message>
    <message>
        <source>No conversations yet. When a customer writes to you, it shows here.</source>
        <translation>Noch keine Unterhaltungen. Sobald Ihnen jemand schreibt, erscheint sie hier.</translation>
    </message>
    <message>
        <source>Could not load the conversations: %1</source>
        <translation>Die Unterhaltungen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Pick a conversation</source>
        <translation>Wählen Sie eine Unterhaltung</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Write a message…</source>
        <translation>Nachricht schreiben…</translation>
    </message>
    <message>
        <source>Message to the customer</source>
        <translation>Nachricht an den Kunden</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>Messages go through the platform; nothing is kept on this computer.</source>
        <translation>Nachrichten laufen über die Plattform; auf diesem Computer wird nichts gespeichert.</translation>
    </message>
    <message numerus="yes">
        <source>%n unread message(s)</source>
        <translation>
            <numerusform>%n ungelesene Nachricht</numerusform>
            <numerusform>%n ungelesene Nachrichten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Conversations</name>
    <message>
        <source>Hello %1, the times you wished for do not suit me. I have confirmed your appointment for %2 instead. If that does not suit you, you can cancel it.</source>
        <translation>Hallo %1, Ihre Wunschtermine passen mir leider nicht. Ich habe Ihren Termin stattdessen für %2 bestätigt. Wenn Ihnen das nicht passt, können Sie ihn stornieren.</translation>
    </message>
</context>
<context>
    <name>DeclineBookingDialog</name>
    <message>
        <source>Decline request</source>
        <translation>Anfrage absagen</translation>
    </message>
    <message>
        <source>Decline the appointment request from %1?</source>
        <translation>Terminanfrage von %1 absagen?</translation>
    </message>
    <message>
        <source>They see your reason on their page and can book another time.</source>
        <translation>Der Kunde sieht Ihre Begründung auf seiner Seite und kann eine andere Zeit buchen.</translation>
    </message>
    <message>
        <source>e.g. I am away that week</source>
        <translation>z. B. In dieser Woche bin ich nicht da</translation>
    </message>
    <message>
        <source>Reason for declining (optional)</source>
        <translation>Grund für die Absage (optional)</translation>
    </message>
    <message>
        <source>&amp;Decline request</source>
        <translation>Anfrage &amp;absagen</translation>
    </message>
</context>
<context>
    <name>DeclineDialog</name>
    <message>
        <source>Decline call</source>
        <translation>Anruf ablehnen</translation>
    </message>
    <message>
        <source>Decline the call from %1?</source>
        <translation>Anruf von %1 ablehnen?</translation>
    </message>
    <message>
        <source>They can try again later. A short reason helps them (optional).</source>
        <translation>Der Kunde kann es später erneut versuchen. Ein kurzer Grund hilft ihm (optional).</translation>
    </message>
    <message>
        <source>e.g. Back in 15 minutes</source>
        <translation>z. B. In 15 Minuten zurück</translation>
    </message>
    <message>
        <source>Reason for declining (optional)</source>
        <translation>Grund für die Absage (optional)</translation>
    </message>
    <message>
        <source>&amp;Decline call</source>
        <translation>Anruf &amp;ablehnen</translation>
    </message>
    <message>
        <source>&amp;Keep ringing</source>
        <translation>&amp;Weiter klingeln lassen</translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <source>Your sign-in is no longer valid. Please sign in again.</source>
        <translation>Ihre Anmeldung ist nicht mehr gültig. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Could not update the requests and bookings: {error}</source>
        <translation>Anfragen und Buchungen konnten nicht aktualisiert werden: {error}</translation>
    </message>
    <message>
        <source>{reason}, retrying in {seconds} s</source>
        <translation>{reason}, neuer Versuch in {seconds} s</translation>
    </message>
</context>
<context>
    <name>DeviceChoices</name>
    <message>
        <source>System default ({name})</source>
        <translation>Systemstandard ({name})</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>{name} — not connected</source>
        <translation>{name} — nicht angeschlossen</translation>
    </message>
    <message>
        <source>Test picture (demo)</source>
        <translation>Testbild (Demo)</translation>
    </message>
    <message>
        <source>Sound devices cannot be used: {error}</source>
        <translation>Audiogeräte können nicht verwendet werden: {error}</translation>
    </message>
</context>
<context>
    <name>DeviceFallback</name>
    <message>
        <source>microphone</source>
        <translation>Mikrofon</translation>
    </message>
    <message>
        <source>speaker</source>
        <translation>Lautsprecher</translation>
    </message>
    <message>
        <source>Your {device} “{old}” stopped working: now using “{new}”.</source>
        <translation>{device} „{old}“ funktioniert nicht mehr: Jetzt wird „{new}“ verwendet.</translation>
    </message>
    <message>
        <source>Your {device} “{old}” stopped working and no other {other} was found.</source>
        <translation>{device} „{old}“ funktioniert nicht mehr, und es wurde kein Ersatzgerät gefunden.</translation>
    </message>
    <message>
        <source>Your {device} “{old}” was disconnected: now using “{new}”.</source>
        <translation>{device} „{old}“ wurde getrennt: Jetzt wird „{new}“ verwendet.</translation>
    </message>
</context>
<context>
    <name>DeviceField</name>
    <message>
        <source>None connected</source>
        <translation>Keines angeschlossen</translation>
    </message>
</context>
<context>
    <name>DevicePreview</name>
    <message>
        <source>The microphone cannot be opened ({error}).</source>
        <translation>Das Mikrofon lässt sich nicht öffnen ({error}).</translation>
    </message>
</context>
<context>
    <name>DeviceWatch</name>
    <message>
        <source>Camera “{name}” connected</source>
        <translation>Kamera „{name}“ angeschlossen</translation>
    </message>
    <message>
        <source>Camera “{name}” removed</source>
        <translation>Kamera „{name}“ entfernt</translation>
    </message>
    <message>
        <source>Microphone “{name}” connected</source>
        <translation>Mikrofon „{name}“ angeschlossen</translation>
    </message>
    <message>
        <source>Microphone “{name}” removed</source>
        <translation>Mikrofon „{name}“ entfernt</translation>
    </message>
    <message>
        <source>Speaker “{name}” connected</source>
        <translation>Lautsprecher „{name}“ angeschlossen</translation>
    </message>
    <message>
        <source>Speaker “{name}” removed</source>
        <translation>Lautsprecher „{name}“ entfernt</translation>
    </message>
</context>
<context>
    <name>Duration</name>
    <message>
        <source>{days} d {hours} h</source>
        <translation>{days} Tg. {hours} h</translation>
    </message>
    <message>
        <source>{days} d</source>
        <translation>{days} Tg.</translation>
    </message>
</context>
<context>
    <name>EngineCalls</name>
    <message>
        <source>The platform did not answer in time</source>
        <translation>Die Plattform hat nicht rechtzeitig geantwortet</translation>
    </message>
    <message>
        <source>Platform unreachable</source>
        <translation>Plattform nicht erreichbar</translation>
    </message>
    <message>
        <source>Something went wrong (%1)</source>
        <translation>Etwas ist schiefgegangen (%1)</translation>
    </message>
</context>
<context>
    <name>EventStream</name>
    <message>
        <source>Platform unreachable</source>
        <translation>Plattform nicht erreichbar</translation>
    </message>
    <message>
        <source>The platform sent an unexpected greeting</source>
        <translation>Die Plattform hat unerwartet geantwortet</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>The platform stopped answering</source>
        <translation>Die Plattform antwortet nicht mehr</translation>
    </message>
    <message>
        <source>This account was opened in another window</source>
        <translation>Dieses Konto wurde in einem anderen Fenster geöffnet</translation>
    </message>
</context>
<context>
    <name>HangUpPrompt</name>
    <message>
        <source>End the call?</source>
        <translation>Anruf beenden?</translation>
    </message>
    <message>
        <source>%1 will be disconnected and billing stops.</source>
        <translation>Die Verbindung zu %1 wird getrennt, und die Abrechnung endet.</translation>
    </message>
    <message>
        <source>Keep talking</source>
        <translation>Weitersprechen</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Auflegen</translation>
    </message>
</context>
<context>
    <name>HardwareCheck</name>
    <message>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <source>No camera was found.</source>
        <translation>Es wurde keine Kamera gefunden.</translation>
    </message>
    <message>
        <source>Connect a camera (or close the program that uses it) and test again. Calls still work with audio only.</source>
        <translation>Schließen Sie eine Kamera an (oder beenden Sie das Programm, das sie verwendet) und testen Sie erneut. Anrufe funktionieren auch nur mit Ton.</translation>
    </message>
    <message>
        <source>The camera could not be opened ({reason}).</source>
        <translation>Die Kamera ließ sich nicht öffnen ({reason}).</translation>
    </message>
    <message>
        <source>Close other programs that use the camera, check its cable or privacy shutter, and allow camera access in the system settings.</source>
        <translation>Beenden Sie andere Programme, die die Kamera verwenden, prüfen Sie Kabel und Sichtschutz und erlauben Sie den Kamerazugriff in den Systemeinstellungen.</translation>
    </message>
    <message>
        <source>The camera opened but sent no picture.</source>
        <translation>Die Kamera wurde geöffnet, liefert aber kein Bild.</translation>
    </message>
    <message>
        <source>Unplug and replug the camera, then test again.</source>
        <translation>Ziehen Sie die Kamera ab, stecken Sie sie wieder an und testen Sie erneut.</translation>
    </message>
    <message>
        <source>The picture is very jerky: close other programs that use the camera.</source>
        <translation>Das Bild ruckelt stark: Beenden Sie andere Programme, die die Kamera verwenden.</translation>
    </message>
    <message>
        <source>The frame rate is low, often because the room is dark: add light.</source>
        <translation>Die Bildrate ist niedrig, oft weil der Raum dunkel ist: Sorgen Sie für mehr Licht.</translation>
    </message>
    <message>
        <source>The camera delivers a small picture; customers will see little detail.</source>
        <translation>Die Kamera liefert ein kleines Bild; Kunden sehen wenig Details.</translation>
    </message>
    <message>
        <source>{width}×{height} at {fps} frames per second; picture and light look good.</source>
        <translation>{width}×{height} mit {fps} Bildern pro Sekunde; Bild und Licht sehen gut aus.</translation>
    </message>
    <message>
        <source>{width}×{height} at {fps} frames per second.</source>
        <translation>{width}×{height} mit {fps} Bildern pro Sekunde.</translation>
    </message>
    <message>
        <source>it sent no sound</source>
        <translation>es kam kein Ton</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Mikrofon</translation>
    </message>
    <message>
        <source>The microphone could not be used: {reason}.</source>
        <translation>Das Mikrofon konnte nicht verwendet werden: {reason}.</translation>
    </message>
    <message>
        <source>Check that a microphone is connected and allowed in the system&apos;s privacy settings, and that no other program holds it.</source>
        <translation>Prüfen Sie, ob ein Mikrofon angeschlossen und in den Datenschutzeinstellungen des Systems erlaubt ist und kein anderes Programm es belegt.</translation>
    </message>
    <message>
        <source>No sound at all: the microphone is muted or switched off. Unmute it.</source>
        <translation>Überhaupt kein Ton: Das Mikrofon ist stummgeschaltet oder aus. Schalten Sie es ein.</translation>
    </message>
    <message>
        <source>Your voice is very quiet: move closer or raise the input volume.</source>
        <translation>Ihre Stimme ist sehr leise: Gehen Sie näher heran oder erhöhen Sie die Eingangslautstärke.</translation>
    </message>
    <message>
        <source>Your voice is distorted (too loud): lower the input volume.</source>
        <translation>Ihre Stimme ist verzerrt (zu laut): Verringern Sie die Eingangslautstärke.</translation>
    </message>
    <message>
        <source>There is a lot of background noise: close the window, move away from fans, or use a headset.</source>
        <translation>Es gibt viele Hintergrundgeräusche: Schließen Sie das Fenster, rücken Sie von Lüftern weg oder verwenden Sie ein Headset.</translation>
    </message>
    <message>
        <source>too quiet</source>
        <translation>zu leise</translation>
    </message>
    <message>
        <source>distorted</source>
        <translation>verzerrt</translation>
    </message>
    <message>
        <source>clear</source>
        <translation>klar</translation>
    </message>
    <message>
        <source>noisy</source>
        <translation>laut</translation>
    </message>
    <message>
        <source>quiet</source>
        <translation>ruhig</translation>
    </message>
    <message>
        <source>Your voice is {voice} ({speech} dBFS), the background is {background} ({noise} dBFS).</source>
        <translation>Ihre Stimme ist {voice} ({speech} dBFS), der Hintergrund ist {background} ({noise} dBFS).</translation>
    </message>
    <message>
        <source>The microphone delivers no sound at all.</source>
        <translation>Das Mikrofon liefert überhaupt keinen Ton.</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Lautsprecher</translation>
    </message>
    <message>
        <source>The speaker could not play: {error}.</source>
        <translation>Der Lautsprecher konnte nicht abspielen: {error}.</translation>
    </message>
    <message>
        <source>Check that speakers or a headset are connected and not muted.</source>
        <translation>Prüfen Sie, ob Lautsprecher oder ein Headset angeschlossen und nicht stummgeschaltet sind.</translation>
    </message>
    <message>
        <source>A test tone was played.</source>
        <translation>Ein Testton wurde abgespielt.</translation>
    </message>
    <message>
        <source>The test tone was played and heard back by the microphone ({level} dBFS).</source>
        <translation>Der Testton wurde abgespielt und vom Mikrofon gehört ({level} dBFS).</translation>
    </message>
    <message>
        <source>A test tone was played, but the microphone did not hear it.</source>
        <translation>Ein Testton wurde abgespielt, aber das Mikrofon hat ihn nicht gehört.</translation>
    </message>
    <message>
        <source>That is expected with a headset. Otherwise check that the speakers are on and the volume is up.</source>
        <translation>Mit einem Headset ist das normal. Andernfalls prüfen Sie, ob die Lautsprecher an sind und die Lautstärke aufgedreht ist.</translation>
    </message>
    <message>
        <source>Echo test</source>
        <translation>Echotest</translation>
    </message>
    <message>
        <source>The echo test could not run: {error}.</source>
        <translation>Der Echotest konnte nicht laufen: {error}.</translation>
    </message>
    <message>
        <source>no sound</source>
        <translation>kein Ton</translation>
    </message>
    <message>
        <source>Fix the microphone or speaker problem above first.</source>
        <translation>Beheben Sie zuerst das Mikrofon- oder Lautsprecherproblem oben.</translation>
    </message>
    <message>
        <source>The recording was silent.</source>
        <translation>Die Aufnahme war still.</translation>
    </message>
    <message>
        <source>Unmute the microphone and try again.</source>
        <translation>Schalten Sie das Mikrofon ein und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>{seconds} seconds were recorded and played back (nothing was saved).</source>
        <translation>{seconds} Sekunden wurden aufgenommen und wiedergegeben (nichts wurde gespeichert).</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>You heard the test tone.</source>
        <translation>Sie haben den Testton gehört.</translation>
    </message>
    <message>
        <source>You did not hear the test tone.</source>
        <translation>Sie haben den Testton nicht gehört.</translation>
    </message>
    <message>
        <source>Turn the volume up, check that the right speaker or headset is chosen in Settings, and that it is switched on.</source>
        <translation>Drehen Sie die Lautstärke auf und prüfen Sie, ob in den Einstellungen der richtige Lautsprecher oder das richtige Headset gewählt und eingeschaltet ist.</translation>
    </message>
    <message>
        <source>Sign in, then test again, to measure the speed and the call servers.</source>
        <translation>Melden Sie sich an und testen Sie erneut, um die Geschwindigkeit und die Anrufserver zu messen.</translation>
    </message>
    <message>
        <source>The platform cannot be reached.</source>
        <translation>Die Plattform ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <source>STUN server</source>
        <translation>STUN-Server</translation>
    </message>
    <message>
        <source>TURN relay</source>
        <translation>TURN-Relay</translation>
    </message>
    <message>
        <source>Platform connection</source>
        <translation>Verbindung zur Plattform</translation>
    </message>
    <message>
        <source>The platform did not answer.</source>
        <translation>Die Plattform hat nicht geantwortet.</translation>
    </message>
    <message>
        <source>Check the internet connection and the platform address; a company firewall or proxy may block it.</source>
        <translation>Prüfen Sie die Internetverbindung und die Plattformadresse; eine Firmen-Firewall oder ein Proxy blockiert sie möglicherweise.</translation>
    </message>
    <message>
        <source>Some requests were lost: a cable instead of Wi-Fi usually helps.</source>
        <translation>Einige Anfragen gingen verloren: Ein Kabel statt WLAN hilft meistens.</translation>
    </message>
    <message>
        <source>The connection reacts slowly: conversations will have delays.</source>
        <translation>Die Verbindung reagiert langsam: Gespräche werden Verzögerungen haben.</translation>
    </message>
    <message>
        <source>Round trip {rtt} ms, {loss} % lost</source>
        <translation>Umlaufzeit {rtt} ms, {loss} % verloren</translation>
    </message>
    <message>
        <source>The speed test did not finish ({error}).</source>
        <translation>Der Geschwindigkeitstest wurde nicht abgeschlossen ({error}).</translation>
    </message>
    <message>
        <source>The connection is too slow or breaks off: calls will not work reliably.</source>
        <translation>Die Verbindung ist zu langsam oder bricht ab: Anrufe funktionieren nicht zuverlässig.</translation>
    </message>
    <message>
        <source>Download {down}, upload {up} (a call needs {needed} kbit/s)</source>
        <translation>Download {down}, Upload {up} (ein Anruf braucht {needed} kbit/s)</translation>
    </message>
    <message>
        <source>Too slow for video calls: close downloads and streaming, move closer to the Wi-Fi router or use a cable.</source>
        <translation>Zu langsam für Videoanrufe: Beenden Sie Downloads und Streaming, gehen Sie näher an den WLAN-Router oder verwenden Sie ein Kabel.</translation>
    </message>
    <message>
        <source>Just enough: video may switch off when others use the connection.</source>
        <translation>Gerade ausreichend: Das Video kann ausgehen, wenn andere die Verbindung nutzen.</translation>
    </message>
    <message>
        <source>The platform names no STUN server.</source>
        <translation>Die Plattform nennt keinen STUN-Server.</translation>
    </message>
    <message>
        <source>Cannot reach {host}: {error}.</source>
        <translation>{host} ist nicht erreichbar: {error}.</translation>
    </message>
    <message>
        <source>{host} did not answer over UDP.</source>
        <translation>{host} hat über UDP nicht geantwortet.</translation>
    </message>
    <message>
        <source>UDP seems blocked here (a strict firewall): calls will need the TURN relay.</source>
        <translation>UDP scheint hier blockiert zu sein (eine strenge Firewall): Anrufe brauchen das TURN-Relay.</translation>
    </message>
    <message>
        <source>{host} answers over UDP in {rtt} ms</source>
        <translation>{host} antwortet über UDP in {rtt} ms</translation>
    </message>
    <message>
        <source>The platform names no TURN relay.</source>
        <translation>Die Plattform nennt kein TURN-Relay.</translation>
    </message>
    <message>
        <source>No relay could be set up at {host} ({error}).</source>
        <translation>Bei {host} konnte kein Relay eingerichtet werden ({error}).</translation>
    </message>
    <message>
        <source>Calls behind strict firewalls may fail. Tell support this result.</source>
        <translation>Anrufe hinter strengen Firewalls können scheitern. Teilen Sie dieses Ergebnis dem Support mit.</translation>
    </message>
    <message>
        <source>{host} relays calls.</source>
        <translation>{host} leitet Anrufe weiter.</translation>
    </message>
    <message>
        <source>No platform address is set.</source>
        <translation>Es ist keine Plattformadresse eingestellt.</translation>
    </message>
    <message>
        <source>The test could not run: {message}</source>
        <translation>Der Test konnte nicht laufen: {message}</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Not tested</source>
        <translation>Nicht getestet</translation>
    </message>
    <message>
        <source>The picture is too dark: switch on a lamp in front of you, or face a window.</source>
        <translation>Das Bild ist zu dunkel: Schalten Sie eine Lampe vor sich ein oder setzen Sie sich mit Blick zum Fenster.</translation>
    </message>
    <message>
        <source>The picture is very bright: dim the light or move out of direct sun.</source>
        <translation>Das Bild ist sehr hell: Dimmen Sie das Licht oder gehen Sie aus der direkten Sonne.</translation>
    </message>
    <message>
        <source>There is bright light behind you: your face will look dark. Turn so the window or lamp is in front of you, or close the curtain behind you.</source>
        <translation>Hinter Ihnen ist helles Licht: Ihr Gesicht wirkt dunkel. Drehen Sie sich so, dass Fenster oder Lampe vor Ihnen sind, oder ziehen Sie den Vorhang hinter sich zu.</translation>
    </message>
    <message>
        <source>The picture is blurred: wipe the camera lens and sit at arm&apos;s length from it.</source>
        <translation>Das Bild ist unscharf: Wischen Sie die Kameralinse ab und sitzen Sie eine Armlänge entfernt.</translation>
    </message>
</context>
<context>
    <name>HardwareWizard</name>
    <message>
        <source>Look into the camera. We check the picture, the frame rate and the light.</source>
        <translation>Schauen Sie in die Kamera. Wir prüfen das Bild, die Bildrate und das Licht.</translation>
    </message>
    <message>
        <source>Say a few words in your normal voice, as you would to a customer.</source>
        <translation>Sprechen Sie ein paar Worte mit normaler Stimme, wie mit einem Kunden.</translation>
    </message>
    <message>
        <source>You should hear a short beep. Did you hear it?</source>
        <translation>Sie sollten einen kurzen Piepton hören. Haben Sie ihn gehört?</translation>
    </message>
    <message>
        <source>Say a sentence after the start: you will hear it played back, as a customer would hear you. Nothing is saved.</source>
        <translation>Sprechen Sie nach dem Start einen Satz: Sie hören ihn so wiedergegeben, wie ein Kunde Sie hören würde. Nichts wird gespeichert.</translation>
    </message>
    <message>
        <source>We measure the connection to the platform: speed, delay and the call servers.</source>
        <translation>Wir messen die Verbindung zur Plattform: Geschwindigkeit, Verzögerung und die Anrufserver.</translation>
    </message>
    <message>
        <source>Test hardware and network</source>
        <translation>Hardware und Netzwerk testen</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>Bericht kopieren</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <source>Save and show in folder…</source>
        <translation>Speichern und im Ordner zeigen…</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Yes, I heard it</source>
        <translation>Ja, gehört</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>Report for support</source>
        <translation>Bericht für den Support</translation>
    </message>
</context>
<context>
    <name>HardwareWizardController</name>
    <message>
        <source>No picture from the camera</source>
        <translation>Kein Bild von der Kamera</translation>
    </message>
    <message>
        <source>Overall: %1.</source>
        <translation>Gesamt: %1.</translation>
    </message>
    <message>
        <source>Not tested: %1.</source>
        <translation>Nicht getestet: %1.</translation>
    </message>
    <message>
        <source>Copy or save this report and send it to support if something is wrong.</source>
        <translation>Kopieren oder speichern Sie diesen Bericht und senden Sie ihn an den Support, wenn etwas nicht stimmt.</translation>
    </message>
    <message>
        <source>The report is on the clipboard.</source>
        <translation>Der Bericht ist in der Zwischenablage.</translation>
    </message>
    <message>
        <source>Could not save the report: %1</source>
        <translation>Der Bericht konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Gespeichert unter %1</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>Bericht speichern</translation>
    </message>
    <message>
        <source>Text (*.txt);;JSON (*.json)</source>
        <translation>Text (*.txt);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Looking at the camera picture…</source>
        <translation>Kamerabild wird geprüft…</translation>
    </message>
    <message>
        <source>Listening… say a few words.</source>
        <translation>Hört zu… sprechen Sie ein paar Worte.</translation>
    </message>
    <message>
        <source>Playing a test tone…</source>
        <translation>Testton wird abgespielt…</translation>
    </message>
    <message>
        <source>Recording… speak now. Then you will hear it played back.</source>
        <translation>Aufnahme… sprechen Sie jetzt. Danach hören Sie die Wiedergabe.</translation>
    </message>
    <message>
        <source>Measuring the connection to the platform…</source>
        <translation>Verbindung zur Plattform wird gemessen…</translation>
    </message>
</context>
<context>
    <name>HistoryController</name>
    <message>
        <source>Appointment</source>
        <translation>Termin</translation>
    </message>
    <message>
        <source>Live call</source>
        <translation>Live-Anruf</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Ended by you, not yet confirmed by the platform</source>
        <translation>Von Ihnen beendet, von der Plattform noch nicht bestätigt</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Hung up</source>
        <translation>Aufgelegt</translation>
    </message>
    <message>
        <source>Connection too slow</source>
        <translation>Verbindung zu langsam</translation>
    </message>
    <message>
        <source>Ended for abuse</source>
        <translation>Wegen Missbrauchs beendet</translation>
    </message>
    <message>
        <source>Identity not verified</source>
        <translation>Identität nicht bestätigt</translation>
    </message>
    <message>
        <source>No answer (no-show)</source>
        <translation>Keine Antwort (nicht erschienen)</translation>
    </message>
    <message>
        <source>Connection failed</source>
        <translation>Verbindung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Booked time over</source>
        <translation>Gebuchte Zeit vorbei</translation>
    </message>
    <message>
        <source>Did not come (no-show)</source>
        <translation>Nicht erschienen</translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation>Verbindung abgebrochen</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>by you</source>
        <translation>durch Sie</translation>
    </message>
    <message>
        <source>by the customer</source>
        <translation>durch den Kunden</translation>
    </message>
    <message>
        <source>by the platform</source>
        <translation>durch die Plattform</translation>
    </message>
    <message>
        <source>Identity verified</source>
        <translation>Identität bestätigt</translation>
    </message>
    <message>
        <source>Identity check failed</source>
        <translation>Identitätsprüfung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Video paused: connection too slow</source>
        <translation>Video pausiert: Verbindung zu langsam</translation>
    </message>
    <message>
        <source>Video resumed</source>
        <translation>Video fortgesetzt</translation>
    </message>
    <message>
        <source>Ended: connection below the minimum</source>
        <translation>Beendet: Verbindung unter dem Minimum</translation>
    </message>
    <message>
        <source>Warned before the booked end</source>
        <translation>Vor dem gebuchten Ende gewarnt</translation>
    </message>
    <message>
        <source>Connected at %1</source>
        <translation>Verbunden um %1</translation>
    </message>
    <message>
        <source>Ended at %1: %2, %3 s billed</source>
        <translation>Beendet um %1: %2, %3 s abgerechnet</translation>
    </message>
    <message>
        <source>You ended the call at %1. The platform has not confirmed it yet: the app keeps telling it, and the bill stops at %1.</source>
        <translation>Sie haben den Anruf um %1 beendet. Die Plattform hat das noch nicht bestätigt: Die App meldet es weiter, abgerechnet wird bis %1.</translation>
    </message>
    <message>
        <source>No events were recorded for this call.</source>
        <translation>Für diesen Anruf wurden keine Ereignisse aufgezeichnet.</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Call history</source>
        <translation>Anrufverlauf</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Billed</source>
        <translation>Abgerechnet</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>Past calls</source>
        <translation>Frühere Anrufe</translation>
    </message>
    <message>
        <source>What happened in the call</source>
        <translation>Was im Anruf geschah</translation>
    </message>
    <message>
        <source>Loading your calls…</source>
        <translation>Ihre Anrufe werden geladen…</translation>
    </message>
    <message>
        <source>No calls yet.</source>
        <translation>Noch keine Anrufe.</translation>
    </message>
    <message>
        <source>Could not load your calls: %1</source>
        <translation>Ihre Anrufe konnten nicht geladen werden: %1</translation>
    </message>
</context>
<context>
    <name>IdentityCheck</name>
    <message>
        <source>Identity check</source>
        <translation>Identitätsprüfung</translation>
    </message>
    <message>
        <source>Confirmation code, e.g. K7QM-4X2P</source>
        <translation>z. B. K7QM-4X2P</translation>
    </message>
    <message>
        <source>The customer&apos;s confirmation code</source>
        <translation>Bestätigungscode des Kunden</translation>
    </message>
    <message>
        <source>Chec&amp;k</source>
        <translation>&amp;Prüfen</translation>
    </message>
    <message>
        <source>Has no code</source>
        <translation>Hat keinen Code</translation>
    </message>
    <message>
        <source>End as unverified</source>
        <translation>Als unbestätigt beenden</translation>
    </message>
    <message>
        <source>Starts when the call connects.</source>
        <translation>Startet mit der Verbindung.</translation>
    </message>
    <message>
        <source>Ask %1 for the code from the booking confirmation.</source>
        <translation>Fragen Sie %1 nach dem Code aus der Buchungsbestätigung.</translation>
    </message>
    <message>
        <source>Checking with the platform…</source>
        <translation>Wird bei der Plattform geprüft…</translation>
    </message>
    <message>
        <source>Verified: %1 gave the right confirmation code.</source>
        <translation>Bestätigt: %1 hat den richtigen Bestätigungscode genannt.</translation>
    </message>
    <message>
        <source>Not verified:</source>
        <translation>Nicht bestätigt:</translation>
    </message>
</context>
<context>
    <name>LevelBar</name>
    <message>
        <source>Microphone level</source>
        <translation>Mikrofonpegel</translation>
    </message>
    <message>
        <source>Too loud</source>
        <translation>Zu laut</translation>
    </message>
    <message>
        <source>Too quiet</source>
        <translation>Zu leise</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>Gut</translation>
    </message>
</context>
<context>
    <name>LiveRequestsController</name>
    <message>
        <source>Accepting…</source>
        <translation>Wird angenommen…</translation>
    </message>
    <message>
        <source>Declining…</source>
        <translation>Wird abgelehnt…</translation>
    </message>
</context>
<context>
    <name>LiveRequestsPanel</name>
    <message>
        <source>No one is waiting</source>
        <translation>Niemand wartet</translation>
    </message>
    <message>
        <source>Go online to receive live calls.</source>
        <translation>Gehen Sie online, um Live-Anrufe zu erhalten.</translation>
    </message>
    <message>
        <source>You are online. New requests will ring here.</source>
        <translation>Sie sind online. Neue Anfragen klingeln hier.</translation>
    </message>
    <message>
        <source>Live call requests</source>
        <translation>Live-Anrufanfragen</translation>
    </message>
    <message>
        <source>Live calls</source>
        <translation>Live-Anrufe</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Platform: %1</source>
        <translation>Plattform: %1</translation>
    </message>
    <message>
        <source>Demo platform on this computer</source>
        <translation>Demo-Plattform auf diesem Computer</translation>
    </message>
    <message>
        <source>Sign in — Advisor Desk</source>
        <translation>Anmelden — Advisor Desk</translation>
    </message>
    <message>
        <source>Welcome back</source>
        <translation>Willkommen zurück</translation>
    </message>
    <message>
        <source>Sign in to take live calls and manage your appointments.</source>
        <translation>Melden Sie sich an, um Live-Anrufe anzunehmen und Ihre Termine zu verwalten.</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>&amp;Email</source>
        <translation>&amp;E-Mail</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Passwort</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>&amp;Remember me on this computer</source>
        <translation>Auf diesem Computer &amp;angemeldet bleiben</translation>
    </message>
    <message>
        <source>Keeps you signed in using your system&apos;s keychain</source>
        <translation>Hält Sie über den Schlüsselbund Ihres Systems angemeldet</translation>
    </message>
    <message>
        <source>Remember me</source>
        <translation>Angemeldet bleiben</translation>
    </message>
    <message>
        <source>Sign-in error</source>
        <translation>Anmeldefehler</translation>
    </message>
    <message>
        <source>Signing in</source>
        <translation>Anmeldung läuft</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>An&amp;melden</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Please enter the email address of your advisor account.</source>
        <translation>Bitte geben Sie die E-Mail-Adresse Ihres Beraterkontos ein.</translation>
    </message>
    <message>
        <source>Please enter your password.</source>
        <translation>Bitte geben Sie Ihr Passwort ein.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Anmeldung läuft…</translation>
    </message>
</context>
<context>
    <name>MainController</name>
    <message>
        <source>Call with %1 accepted — connecting…</source>
        <translation>Anruf mit %1 angenommen — Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>Could not change your status: %1</source>
        <translation>Ihr Status konnte nicht geändert werden: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Advisor Desk</source>
        <translation>Advisor Desk</translation>
    </message>
    <message>
        <source>Appointments</source>
        <translation>Termine</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>&amp;Log out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Test hardware and network…</source>
        <translation>&amp;Hardware und Netzwerk testen…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Open the &amp;log folder</source>
        <translation>&amp;Protokollordner öffnen</translation>
    </message>
    <message>
        <source>&amp;Report a problem…</source>
        <translation>Problem &amp;melden…</translation>
    </message>
    <message>
        <source>&amp;About Advisor Desk</source>
        <translation>&amp;Über Advisor Desk</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>Signed in as</source>
        <translation>Angemeldet als</translation>
    </message>
    <message>
        <source>Advisor desk</source>
        <translation>Beraterplatz</translation>
    </message>
    <message>
        <source>Your status</source>
        <translation>Ihr Status</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Dismiss the notice</source>
        <translation>Hinweis schließen</translation>
    </message>
    <message>
        <source>%1 — Advisor Desk</source>
        <translation>%1 — Advisor Desk</translation>
    </message>
    <message>
        <source>Messages (%1)</source>
        <translation>Nachrichten (%1)</translation>
    </message>
</context>
<context>
    <name>NoticeBanner</name>
    <message>
        <source>Dismiss notice</source>
        <translation>Hinweis schließen</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Hinweis</translation>
    </message>
</context>
<context>
    <name>PlatformError</name>
    <message>
        <source>The platform reported a problem.</source>
        <translation>Die Plattform hat ein Problem gemeldet.</translation>
    </message>
    <message>
        <source>You are not signed in. Please sign in again.</source>
        <translation>Sie sind nicht angemeldet. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Your session has expired. Please sign in again.</source>
        <translation>Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>This action is not allowed for your account.</source>
        <translation>Diese Aktion ist für Ihr Konto nicht erlaubt.</translation>
    </message>
    <message>
        <source>The platform does not know this item (any more).</source>
        <translation>Die Plattform kennt diesen Eintrag (nicht mehr).</translation>
    </message>
    <message>
        <source>This is no longer possible: the item has changed in the meantime.</source>
        <translation>Das ist nicht mehr möglich: Der Eintrag hat sich inzwischen geändert.</translation>
    </message>
    <message>
        <source>The platform refused the input.</source>
        <translation>Die Plattform hat die Eingabe abgelehnt.</translation>
    </message>
    <message>
        <source>{message} ({details})</source>
        <translation>{message} ({details})</translation>
    </message>
    <message>
        <source>Too many requests. Please wait a moment and try again.</source>
        <translation>Zu viele Anfragen. Bitte warten Sie einen Moment und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The platform has a problem right now. Please try again later.</source>
        <translation>Die Plattform hat gerade ein Problem. Bitte versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The platform has a problem: {message}</source>
        <translation>Die Plattform hat ein Problem: {message}</translation>
    </message>
    <message>
        <source>The platform cannot be reached. Check the internet connection.</source>
        <translation>Die Plattform ist nicht erreichbar. Prüfen Sie die Internetverbindung.</translation>
    </message>
    <message>
        <source>The platform sent an answer this app does not understand.</source>
        <translation>Die Plattform hat eine Antwort gesendet, die diese App nicht versteht.</translation>
    </message>
    <message>
        <source>The platform sent an answer this app does not understand ({problem}).</source>
        <translation>Die Plattform hat eine Antwort gesendet, die diese App nicht versteht ({problem}).</translation>
    </message>
</context>
<context>
    <name>PresenceSwitch</name>
    <message>
        <source>O&amp;nline</source>
        <translation>O&amp;nline</translation>
    </message>
    <message>
        <source>B&amp;usy</source>
        <translation>Bes&amp;chäftigt</translation>
    </message>
    <message>
        <source>O&amp;ffline</source>
        <translation>O&amp;ffline</translation>
    </message>
    <message>
        <source>Presence: online</source>
        <translation>Status: online</translation>
    </message>
    <message>
        <source>Presence: busy</source>
        <translation>Status: beschäftigt</translation>
    </message>
    <message>
        <source>Presence: offline</source>
        <translation>Status: offline</translation>
    </message>
    <message>
        <source>Customers can start live calls with you</source>
        <translation>Kunden können Live-Anrufe mit Ihnen beginnen</translation>
    </message>
    <message>
        <source>Customers see you as busy; they can still book appointments</source>
        <translation>Kunden sehen Sie als beschäftigt; Termine können sie weiterhin buchen</translation>
    </message>
    <message>
        <source>You are away; customers can book appointments</source>
        <translation>Sie sind abwesend; Kunden können Termine buchen</translation>
    </message>
    <message>
        <source>Presence</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>ProblemReportController</name>
    <message>
        <source>Testing camera, microphone, speakers and connection…</source>
        <translation>Kamera, Mikrofon, Lautsprecher und Verbindung werden getestet…</translation>
    </message>
    <message>
        <source>Writing the report…</source>
        <translation>Bericht wird geschrieben…</translation>
    </message>
</context>
<context>
    <name>ProblemReportDialog</name>
    <message>
        <source>Report a problem</source>
        <translation>Problem melden</translation>
    </message>
    <message>
        <source>A report for support</source>
        <translation>Ein Bericht für den Support</translation>
    </message>
    <message>
        <source>Support needs to see what your computer and the app saw. This makes one file to attach to your e-mail to support: a short test of your camera, microphone, speakers and connection, the app&apos;s log of the last days and your settings.</source>
        <translation>Der Support muss sehen, was Ihr Computer und die App gesehen haben. Dies erstellt eine Datei, die Sie Ihrer E-Mail an den Support anhängen: ein kurzer Test von Kamera, Mikrofon, Lautsprechern und Verbindung, das Protokoll der App der letzten Tage und Ihre Einstellungen.</translation>
    </message>
    <message>
        <source>It never contains your password, your sign-in, e-mail addresses, audio or video. Customers appear by alias and age only.</source>
        <translation>Sie enthält nie Ihr Passwort, Ihre Anmeldung, E-Mail-Adressen, Ton oder Video. Kunden erscheinen nur mit Alias und Alter.</translation>
    </message>
    <message>
        <source>Include the hardware and network test (about 15 seconds, plays a short tone)</source>
        <translation>Hardware- und Netzwerktest einschließen (etwa 15 Sekunden, spielt einen kurzen Ton)</translation>
    </message>
    <message>
        <source>Create report</source>
        <translation>Bericht erstellen</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Im Ordner zeigen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Saved as %1. Attach this file to your e-mail to support.</source>
        <translation>Gespeichert als %1. Hängen Sie diese Datei Ihrer E-Mail an den Support an.</translation>
    </message>
    <message>
        <source>Create again</source>
        <translation>Erneut erstellen</translation>
    </message>
    <message>
        <source>The report could not be made: %1</source>
        <translation>Der Bericht konnte nicht erstellt werden: %1</translation>
    </message>
</context>
<context>
    <name>ProposeTimeDialog</name>
    <message>
        <source>Propose another time</source>
        <translation>Andere Zeit vorschlagen</translation>
    </message>
    <message>
        <source>Which time suits you for %1?</source>
        <translation>Welche Zeit passt Ihnen für %1?</translation>
    </message>
    <message>
        <source>The appointment is confirmed for this time and %1 is told in the chat; if it does not suit them, they can cancel. Times are in your zone (%2).</source>
        <translation>Der Termin wird für diese Zeit bestätigt und %1 im Chat informiert; passt sie nicht, kann der Termin storniert werden. Zeiten in Ihrer Zeitzone (%2).</translation>
    </message>
    <message>
        <source>Proposed time</source>
        <translation>Vorgeschlagene Zeit</translation>
    </message>
    <message>
        <source>&amp;Confirm this time</source>
        <translation>Diese Zeit &amp;bestätigen</translation>
    </message>
</context>
<context>
    <name>QualityController</name>
    <message>
        <source>Audio only: the connection is too slow for video</source>
        <translation>Nur Ton: Die Verbindung ist zu langsam für Video</translation>
    </message>
    <message>
        <source>Connection interrupted — reconnecting…</source>
        <translation>Verbindung unterbrochen — wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>Video paused — connection too slow</source>
        <translation>Video pausiert — Verbindung zu langsam</translation>
    </message>
</context>
<context>
    <name>QualityGraph</name>
    <message>
        <source>Connection graph</source>
        <translation>Verbindungsdiagramm</translation>
    </message>
    <message>
        <source>up %1 kbit/s, down %2 kbit/s, loss %3 %</source>
        <translation>hoch %1 kbit/s, runter %2 kbit/s, Verlust %3 %</translation>
    </message>
    <message>
        <source>last %1 s</source>
        <translation>letzte %1 s</translation>
    </message>
    <message>
        <source>video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>Ton</translation>
    </message>
</context>
<context>
    <name>QualityIndicator</name>
    <message>
        <source>Connection quality</source>
        <translation>Verbindungsqualität</translation>
    </message>
    <message>
        <source>Click for the live graph</source>
        <translation>Klicken für das Live-Diagramm</translation>
    </message>
</context>
<context>
    <name>QualityPanel</name>
    <message>
        <source>up (you → customer)</source>
        <translation>hoch (Sie → Kunde)</translation>
    </message>
    <message>
        <source>down (customer → you)</source>
        <translation>runter (Kunde → Sie)</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>round trip</source>
        <translation>Umlaufzeit</translation>
    </message>
    <message>
        <source>Connection details</source>
        <translation>Verbindungsdetails</translation>
    </message>
</context>
<context>
    <name>RequestCard</name>
    <message>
        <source>Live call request from %1, %2</source>
        <translation>Live-Anrufanfrage von %1, %2</translation>
    </message>
    <message>
        <source>%1 years</source>
        <translation>%1 Jahre</translation>
    </message>
    <message>
        <source>waiting %1</source>
        <translation>wartet %1</translation>
    </message>
    <message>
        <source>Waiting time</source>
        <translation>Wartezeit</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Accept the call from %1</source>
        <translation>Anruf von %1 annehmen</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Decline the call from %1</source>
        <translation>Anruf von %1 ablehnen</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>&amp;Annehmen</translation>
    </message>
    <message>
        <source>&amp;Decline</source>
        <translation>A&amp;blehnen</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
</context>
<context>
    <name>ResultCard</name>
    <message>
        <source>Not started yet.</source>
        <translation>Noch nicht gestartet.</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Test läuft…</translation>
    </message>
</context>
<context>
    <name>RingAlerts</name>
    <message>
        <source>Advisor Desk</source>
        <translation>Advisor Desk</translation>
    </message>
    <message>
        <source>%1, %2, wants to talk to you</source>
        <translation>%1, %2, möchte mit Ihnen sprechen</translation>
    </message>
    <message numerus="yes">
        <source> (+%n more)</source>
        <translation>
            <numerusform> (+%n weiterer)</numerusform>
            <numerusform> (+%n weitere)</numerusform>
        </translation>
    </message>
    <message>
        <source>Incoming live call</source>
        <translation>Eingehender Live-Anruf</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>Signing you in…</source>
        <translation>Sie werden angemeldet…</translation>
    </message>
    <message>
        <source>You signed out.</source>
        <translation>Sie haben sich abgemeldet.</translation>
    </message>
    <message>
        <source>Signed out (%1).</source>
        <translation>Abgemeldet (%1).</translation>
    </message>
    <message>
        <source>Please sign in again.</source>
        <translation>Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Wrong email or password.</source>
        <translation>E-Mail-Adresse oder Passwort ist falsch.</translation>
    </message>
    <message>
        <source>Platform unreachable. Check your internet connection and try again.</source>
        <translation>Plattform nicht erreichbar. Prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>Ton</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>Klingeln</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>The customer sees this picture. It is only shown here, never recorded.</source>
        <translation>Der Kunde sieht dieses Bild. Es wird nur hier angezeigt und nie aufgezeichnet.</translation>
    </message>
    <message>
        <source>Use this camera</source>
        <translation>Diese Kamera verwenden</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Mikrofon</translation>
    </message>
    <message>
        <source>Speak as you would to a customer: the bar should move into the middle, never to the end.</source>
        <translation>Sprechen Sie wie mit einem Kunden: Der Balken sollte bis zur Mitte gehen, nie bis zum Ende.</translation>
    </message>
    <message>
        <source>Use this microphone</source>
        <translation>Dieses Mikrofon verwenden</translation>
    </message>
    <message>
        <source>Speakers</source>
        <translation>Lautsprecher</translation>
    </message>
    <message>
        <source>Where you hear the customer.</source>
        <translation>Wo Sie den Kunden hören.</translation>
    </message>
    <message>
        <source>Play the customer on</source>
        <translation>Kunden abspielen über</translation>
    </message>
    <message>
        <source>Play test sound</source>
        <translation>Testton abspielen</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>Stimme</translation>
    </message>
    <message>
        <source>Cleans up your voice before the customer hears it. Switch a part off only if support asks you to.</source>
        <translation>Bereinigt Ihre Stimme, bevor der Kunde sie hört. Schalten Sie einen Teil nur aus, wenn der Support Sie darum bittet.</translation>
    </message>
    <message>
        <source>Echo cancellation — the customer does not hear themselves from your speakers</source>
        <translation>Echounterdrückung — der Kunde hört sich nicht selbst aus Ihren Lautsprechern</translation>
    </message>
    <message>
        <source>Noise suppression — less background noise</source>
        <translation>Rauschunterdrückung — weniger Hintergrundgeräusche</translation>
    </message>
    <message>
        <source>Automatic volume — keeps your voice at an even level</source>
        <translation>Automatische Lautstärke — hält Ihre Stimme gleichmäßig laut</translation>
    </message>
    <message>
        <source>Where an incoming call rings: for example loud speakers while you talk on a headset.</source>
        <translation>Wo ein eingehender Anruf klingelt: zum Beispiel über laute Lautsprecher, während Sie ein Headset tragen.</translation>
    </message>
    <message>
        <source>Ring on</source>
        <translation>Klingeln über</translation>
    </message>
    <message>
        <source>Ring device</source>
        <translation>Klingelgerät</translation>
    </message>
    <message>
        <source>Ring volume</source>
        <translation>Klingellautstärke</translation>
    </message>
    <message>
        <source>Play test ring</source>
        <translation>Testklingeln abspielen</translation>
    </message>
    <message>
        <source>A new ring device is used from the next start of the app.</source>
        <translation>Ein neues Klingelgerät wird ab dem nächsten Start der App verwendet.</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Lautstärke</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Plattform</translation>
    </message>
    <message>
        <source>The platform you sell consultations on. Changes take effect the next time you sign in.</source>
        <translation>Die Plattform, auf der Sie Beratungen anbieten. Änderungen gelten ab der nächsten Anmeldung.</translation>
    </message>
    <message>
        <source>Platform address</source>
        <translation>Plattformadresse</translation>
    </message>
    <message>
        <source>Only if your company uses its own certificates</source>
        <translation>Nur wenn Ihre Firma eigene Zertifikate verwendet</translation>
    </message>
    <message>
        <source>Custom certificate bundle</source>
        <translation>Eigenes Zertifikatsbündel</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>Certificate bundle (PEM)</source>
        <translation>Zertifikatsbündel (PEM)</translation>
    </message>
    <message>
        <source>The language of the app&apos;s windows, dates and numbers. A change takes effect the next time you start the app.</source>
        <translation>Die Sprache der Fenster sowie die Schreibweise von Datum und Zahlen. Eine Änderung gilt ab dem nächsten Start der App.</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Show the app in</source>
        <translation>Anzeigesprache</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
</context>
<context>
    <name>SettingsDialogController</name>
    <message>
        <source>No camera found. Connect one and it appears here within a few seconds; until then your calls are audio only.</source>
        <translation>Keine Kamera gefunden. Schließen Sie eine an, dann erscheint sie hier innerhalb weniger Sekunden; bis dahin laufen Ihre Anrufe nur mit Ton.</translation>
    </message>
    <message>
        <source>No microphone found. Connect a headset or microphone: the customer cannot hear you without one.</source>
        <translation>Kein Mikrofon gefunden. Schließen Sie ein Headset oder Mikrofon an: Ohne kann der Kunde Sie nicht hören.</translation>
    </message>
    <message>
        <source>No speakers found. Connect speakers or a headset to hear the customer.</source>
        <translation>Keine Lautsprecher gefunden. Schließen Sie Lautsprecher oder ein Headset an, um den Kunden zu hören.</translation>
    </message>
    <message>
        <source>The demo runs its own platform on this computer, so the address and certificates cannot be changed here.</source>
        <translation>Die Demo betreibt ihre eigene Plattform auf diesem Computer; Adresse und Zertifikate lassen sich hier daher nicht ändern.</translation>
    </message>
    <message>
        <source>The demo platform on this computer</source>
        <translation>Die Demo-Plattform auf diesem Computer</translation>
    </message>
    <message>
        <source>Not needed for the demo</source>
        <translation>Für die Demo nicht nötig</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>Geräte werden gesucht…</translation>
    </message>
    <message>
        <source>Devices cannot be listed: %1</source>
        <translation>Geräte können nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>No camera</source>
        <translation>Keine Kamera</translation>
    </message>
    <message>
        <source>No microphone</source>
        <translation>Kein Mikrofon</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>Kamera wird gestartet…</translation>
    </message>
    <message>
        <source>Cannot be opened</source>
        <translation>Lässt sich nicht öffnen</translation>
    </message>
    <message>
        <source>Playing a short beep…</source>
        <translation>Kurzer Piepton wird abgespielt…</translation>
    </message>
    <message>
        <source>Ringing…</source>
        <translation>Klingelt…</translation>
    </message>
    <message>
        <source>Could not play: %1</source>
        <translation>Abspielen nicht möglich: %1</translation>
    </message>
    <message>
        <source>Did you hear a beep? If not, check the volume and the device.</source>
        <translation>Haben Sie einen Piepton gehört? Falls nicht, prüfen Sie Lautstärke und Gerät.</translation>
    </message>
    <message>
        <source>That is how an incoming call rings.</source>
        <translation>So klingelt ein eingehender Anruf.</translation>
    </message>
    <message>
        <source>The settings could not be saved: %1</source>
        <translation>Die Einstellungen konnten nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Certificate bundle</source>
        <translation>Zertifikatsbündel</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>Zertifikate (*.pem *.crt);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>SettingsForm</name>
    <message>
        <source>“{address}” is not a web address (for example https://platform.example).</source>
        <translation>„{address}“ ist keine Webadresse (zum Beispiel https://platform.example).</translation>
    </message>
    <message>
        <source>The platform address must start with https:// (http only on this computer).</source>
        <translation>Die Plattformadresse muss mit https:// beginnen (http nur auf diesem Computer).</translation>
    </message>
    <message>
        <source>The certificate bundle “{path}” does not exist.</source>
        <translation>Das Zertifikatsbündel „{path}“ existiert nicht.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Main window</source>
        <translation>Hauptfenster</translation>
    </message>
    <message>
        <source>Go online</source>
        <translation>Online gehen</translation>
    </message>
    <message>
        <source>Set yourself busy</source>
        <translation>Auf „Beschäftigt“ stellen</translation>
    </message>
    <message>
        <source>Go offline</source>
        <translation>Offline gehen</translation>
    </message>
    <message>
        <source>Accept the longest-waiting live call</source>
        <translation>Den am längsten wartenden Live-Anruf annehmen</translation>
    </message>
    <message>
        <source>Decline the longest-waiting live call</source>
        <translation>Den am längsten wartenden Live-Anruf ablehnen</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>These keyboard shortcuts</source>
        <translation>Diese Tastenkürzel</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>During a call</source>
        <translation>Während eines Anrufs</translation>
    </message>
    <message>
        <source>Microphone on or off</source>
        <translation>Mikrofon ein oder aus</translation>
    </message>
    <message>
        <source>Camera on or off</source>
        <translation>Kamera ein oder aus</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Auflegen</translation>
    </message>
    <message>
        <source>Hang up (asks first)</source>
        <translation>Auflegen (fragt vorher)</translation>
    </message>
    <message>
        <source>Dialogs</source>
        <translation>Dialoge</translation>
    </message>
    <message>
        <source>The highlighted button (Sign in, Save)</source>
        <translation>Die hervorgehobene Schaltfläche (Anmelden, Speichern)</translation>
    </message>
    <message>
        <source>Close without saving</source>
        <translation>Schließen ohne zu speichern</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Verbindung wird wiederhergestellt</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Connection to the platform</source>
        <translation>Verbindung zur Plattform</translation>
    </message>
    <message>
        <source>Clock difference to the platform</source>
        <translation>Zeitabweichung zur Plattform</translation>
    </message>
    <message>
        <source>Customer page address</source>
        <translation>Adresse der Kundenseite</translation>
    </message>
    <message>
        <source>Copy the customer page address</source>
        <translation>Adresse der Kundenseite kopieren</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is %1 s behind the platform</source>
        <translation>Die Uhr dieses Computers geht %1 s hinter der Plattform</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is %1 s ahead of the platform</source>
        <translation>Die Uhr dieses Computers geht %1 s vor der Plattform</translation>
    </message>
    <message>
        <source>Times shown here already follow the platform&apos;s clock.</source>
        <translation>Die angezeigten Zeiten folgen bereits der Uhr der Plattform.</translation>
    </message>
    <message>
        <source>Customer page: %1</source>
        <translation>Kundenseite: %1</translation>
    </message>
    <message>
        <source>Open the demo customer page in your browser</source>
        <translation>Die Demo-Kundenseite im Browser öffnen</translation>
    </message>
    <message>
        <source>Address copied</source>
        <translation>Adresse kopiert</translation>
    </message>
</context>
<context>
    <name>StepPage</name>
    <message>
        <source>Test again</source>
        <translation>Erneut testen</translation>
    </message>
</context>
<context>
    <name>VideoView</name>
    <message>
        <source>Waiting for video…</source>
        <translation>Warten auf Video…</translation>
    </message>
    <message>
        <source>Camera off</source>
        <translation>Kamera aus</translation>
    </message>
    <message>
        <source>Video of %1</source>
        <translation>Video von %1</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
</context>
<context>
    <name>_Question</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
</TS>
