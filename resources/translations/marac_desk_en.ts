<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name>marac-desk</name>
    <message numerus="yes">
        <source>%n (agency's pack is/agencies' packs are) not recorded as sent: (it is/they are) not asked yet.</source>
        <translation>
            <numerusform>%n agency's pack is not recorded as sent: it is not asked yet.</numerusform>
            <numerusform>%n agencies' packs are not recorded as sent: they are not asked yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n action(s)</source>
        <translation>
            <numerusform>%n action</numerusform>
            <numerusform>%n actions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n action(s) due in the next 7 days</source>
        <translation>
            <numerusform>%n action due in the next 7 days</numerusform>
            <numerusform>%n actions due in the next 7 days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n action(s) listed, </source>
        <translation>
            <numerusform>%n action listed, </numerusform>
            <numerusform>%n actions listed, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n agenc(y/ies) (receives/receive) minutes; </source>
        <translation>
            <numerusform>%n agency receives minutes; </numerusform>
            <numerusform>%n agencies receive minutes; </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n agenc(y/ies) asked</source>
        <translation>
            <numerusform>%n agency asked</numerusform>
            <numerusform>%n agencies asked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n agenc(y/ies) asked, </source>
        <translation>
            <numerusform>%n agency asked, </numerusform>
            <numerusform>%n agencies asked, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n agenc(y/ies): pack made, not recorded as sent</source>
        <translation>
            <numerusform>%n agency: pack made, not recorded as sent</numerusform>
            <numerusform>%n agencies: pack made, not recorded as sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s)</source>
        <translation>
            <numerusform>%n case</numerusform>
            <numerusform>%n cases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) (has/have) no incident date: (its/their) repeat window is counted to (its/their) referral date instead.</source>
        <translation>
            <numerusform>%n case has no incident date: its repeat window is counted to its referral date instead.</numerusform>
            <numerusform>%n cases have no incident date: their repeat window is counted to their referral date instead.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) discussed</source>
        <translation>
            <numerusform>%n case discussed</numerusform>
            <numerusform>%n cases discussed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) imported.</source>
        <translation>
            <numerusform>%n case imported.</numerusform>
            <numerusform>%n cases imported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) kept (its/their) earlier return.</source>
        <translation>
            <numerusform>%n case kept its earlier return.</numerusform>
            <numerusform>%n cases kept their earlier return.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) reaching 12 months noticed</source>
        <translation>
            <numerusform>%n case reaching 12 months noticed</numerusform>
            <numerusform>%n cases reaching 12 months noticed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n edit(s) could not be saved to the vault (the reason is shown after signing in). Quitting now loses (it/them). Stay, sign in and save (it/them) again?</source>
        <translation>
            <numerusform>%n edit could not be saved to the vault (the reason is shown after signing in). Quitting now loses it. Stay, sign in and save it again?</numerusform>
            <numerusform>%n edits could not be saved to the vault (the reason is shown after signing in). Quitting now loses them. Stay, sign in and save them again?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) (was/were) written to {0} and logged. Record how each was sent.</source>
        <translation>
            <numerusform>%n file was written to {0} and logged. Record how each was sent.</numerusform>
            <numerusform>%n files were written to {0} and logged. Record how each was sent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) (is/are) for named agencies or the MARAC record only, so (it is/they are) not shown here.</source>
        <translation>
            <numerusform>%n item is for named agencies or the MARAC record only, so it is not shown here.</numerusform>
            <numerusform>%n items are for named agencies or the MARAC record only, so they are not shown here.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pack(s) written to {0}. Send (it/each) to its agency by secure email, then record (it/them) as sent.</source>
        <translation>
            <numerusform>%n pack written to {0}. Send it to its agency by secure email, then record it as sent.</numerusform>
            <numerusform>%n packs written to {0}. Send each to its agency by secure email, then record them as sent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n possible earlier referral(s), </source>
        <translation>
            <numerusform>%n possible earlier referral, </numerusform>
            <numerusform>%n possible earlier referrals, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n thing(s) (is/are) missing from the record.</source>
        <translation>
            <numerusform>%n thing is missing from the record.</numerusform>
            <numerusform>%n things are missing from the record.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n thing(s) (is/are) still missing (listed on this screen). Close the meeting anyway? (It is/They are) kept with the record.</source>
        <translation>
            <numerusform>%n thing is still missing (listed on this screen). Close the meeting anyway? It is kept with the record.</numerusform>
            <numerusform>%n things are still missing (listed on this screen). Close the meeting anyway? They are kept with the record.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n update(s)</source>
        <translation>
            <numerusform>%n update</numerusform>
            <numerusform>%n updates</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n update(s) not sent yet.</source>
        <translation>
            <numerusform>%n update not sent yet.</numerusform>
            <numerusform>%n updates not sent yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n update(s) recorded.</source>
        <translation>
            <numerusform>%n update recorded.</numerusform>
            <numerusform>%n updates recorded.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n child(ren)</source>
        <translation>
            <numerusform>, %n child</numerusform>
            <numerusform>, %n children</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n item(s)</source>
        <translation>
            <numerusform>, %n item</numerusform>
            <numerusform>, %n items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n other referral(s) of this victim</source>
        <translation>
            <numerusform>; %n other referral of this victim</numerusform>
            <numerusform>; %n other referrals of this victim</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>A reminder shows here when the last backup is over %n day(s) old.</source>
        <translation>
            <numerusform>A reminder shows here when the last backup is over %n day old.</numerusform>
            <numerusform>A reminder shows here when the last backup is over %n days old.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Actions still open more than %n day(s) after their due date, by the agency that owns them. Each chaser names the actions by case reference, meeting and due date only. Send it by secure email, then tick the agencies chased and record them.</source>
        <translation>
            <numerusform>Actions still open more than %n day after their due date, by the agency that owns them. Each chaser names the actions by case reference, meeting and due date only. Send it by secure email, then tick the agencies chased and record them.</numerusform>
            <numerusform>Actions still open more than %n days after their due date, by the agency that owns them. Each chaser names the actions by case reference, meeting and due date only. Send it by secure email, then tick the agencies chased and record them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Chase {0}: %n action(s) overdue; contact: {1}</source>
        <translation>
            <numerusform>Chase {0}: %n action overdue; contact: {1}</numerusform>
            <numerusform>Chase {0}: %n actions overdue; contact: {1}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>How (was the pack/were the %n packs) sent today?</source>
        <translation>
            <numerusform>How was the pack sent today?</numerusform>
            <numerusform>How were the %n packs sent today?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import %n case(s)</source>
        <translation>
            <numerusform>Import %n case</numerusform>
            <numerusform>Import %n cases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Overdue: {0}, %n case(s) not returned</source>
        <translation>
            <numerusform>Overdue: {0}, %n case not returned</numerusform>
            <numerusform>Overdue: {0}, %n cases not returned</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The research for %n case(s) is sealed to {0} in
{1}

Only the MARAC can open it: send it by secure email or your usual route.</source>
        <translation>
            <numerusform>The research for %n case is sealed to {0} in
{1}

Only the MARAC can open it: send it by secure email or your usual route.</numerusform>
            <numerusform>The research for %n cases is sealed to {0} in
{1}

Only the MARAC can open it: send it by secure email or your usual route.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>When the window locked, %n edit(s) could not be saved. (It was/They were) kept in memory only. Save (it/them) again now, or copy what you need from the text below.</source>
        <translation>
            <numerusform>When the window locked, %n edit could not be saved. It was kept in memory only. Save it again now, or copy what you need from the text below.</numerusform>
            <numerusform>When the window locked, %n edits could not be saved. They were kept in memory only. Save them again now, or copy what you need from the text below.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n case(s).</source>
        <translation>
            <numerusform>about %n case.</numerusform>
            <numerusform>about %n cases.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n day(s)</source>
        <translation>
            <numerusform>in %n day</numerusform>
            <numerusform>in %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0} of %n case(s)</source>
        <translation>
            <numerusform>{0} of %n case</numerusform>
            <numerusform>{0} of %n cases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0} of %n file(s) sent</source>
        <translation>
            <numerusform>{0} of %n file sent</numerusform>
            <numerusform>{0} of %n files sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0} sends %n update(s):

{1}

Record (it/them) in each action's history?</source>
        <translation>
            <numerusform>{0} sends %n update:

{1}

Record it in each action's history?</numerusform>
            <numerusform>{0} sends %n updates:

{1}

Record them in each action's history?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0}, {1} · {2} · %n case(s)</source>
        <translation>
            <numerusform>{0}, {1} · {2} · %n case</numerusform>
            <numerusform>{0}, {1} · {2} · %n cases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0}: %n action(s)</source>
        <translation>
            <numerusform>{0}: %n action</numerusform>
            <numerusform>{0}: %n actions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0}: %n case(s) overdue</source>
        <translation>
            <numerusform>{0}: %n case overdue</numerusform>
            <numerusform>{0}: %n cases overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0}: {1}, %n case(s) imported.</source>
        <translation>
            <numerusform>{0}: {1}, %n case imported.</numerusform>
            <numerusform>{0}: {1}, %n cases imported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more agenc(y/ies)</source>
        <translation>
            <numerusform>… and %n more agency</numerusform>
            <numerusform>… and %n more agencies</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more agenc(y/ies) overdue</source>
        <translation>
            <numerusform>… and %n more agency overdue</numerusform>
            <numerusform>… and %n more agencies overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more overdue</source>
        <translation>
            <numerusform>… and %n more overdue</numerusform>
            <numerusform>… and %n more overdue</numerusform>
        </translation>
    </message>
</context>
</TS>
