<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CallCountdown</name>
    <message numerus="yes">
        <source>The call ends in %n second(s).</source>
        <translation>
            <numerusform>The call ends in %n second.</numerusform>
            <numerusform>The call ends in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message numerus="yes">
        <source>%n unread message(s)</source>
        <translation>
            <numerusform>%n unread message</numerusform>
            <numerusform>%n unread messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RingAlerts</name>
    <message numerus="yes">
        <source> (+%n more)</source>
        <translation>
            <numerusform> (+%n more)</numerusform>
            <numerusform> (+%n more)</numerusform>
        </translation>
    </message>
</context>
</TS>
