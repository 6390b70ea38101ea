"""What the demo book is made of: the names, sentences and figures it draws from.

Company names (every prefix with every suffix before any repeats), people, the success plan's
objectives, challenges, benefits and criteria, KPIs, meeting notes, action items, barriers,
risks, opportunities and the product gaps customers ask for. ``demo_builder`` draws from them.
"""

from __future__ import annotations

from decimal import Decimal

from csdesk.models import BarrierKind, OpportunityKind, RiskKind, RiskSeverity

PREFIXES = ["Northwind", "Contoso", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Acme",
             "Hooli", "Vandelay", "Tyrell", "Soylent", "Cyberdyne", "Aperture", "Gringotts",
             "Wonka", "Oscorp", "Monarch", "Pied Piper", "Dunder", "Blue Sun", "Nakatomi",
             "Sirius", "Massive", "Virtucon", "Zorg", "Ollivander", "Bluth", "Prestige",
             "Sterling", "Kramerica", "Paper Street", "Lacuna", "Rekall", "Yoyodyne", "Abstergo"]
SUFFIXES = ["Labs", "Logistics", "Health", "Analytics", "Foods", "Energy", "Media", "Capital",
             "Robotics", "Retail", "Travel", "Insurance", "Software", "Manufacturing", "Bank",
             "Pharma", "Education", "Studios", "Motors", "Telecom"]
INDUSTRY = {"Labs": "Research", "Logistics": "Logistics", "Health": "Healthcare",
             "Analytics": "Software", "Foods": "Food & beverage", "Energy": "Energy",
             "Media": "Media", "Capital": "Financial services", "Robotics": "Industrial",
             "Retail": "Retail", "Travel": "Travel", "Insurance": "Insurance",
             "Software": "Software", "Manufacturing": "Manufacturing", "Bank": "Banking",
             "Pharma": "Pharmaceuticals", "Education": "Education", "Studios": "Media",
             "Motors": "Automotive", "Telecom": "Telecommunications"}
FIRST = ["Dana", "Sam", "Priya", "Jonas", "Mei", "Carlos", "Aisha", "Tom", "Lena", "Omar",
          "Sofia", "Raj", "Hannah", "Kenji", "Zoë", "Mateo", "Ingrid", "Kwame", "Élodie", "Ravi"]
LAST = ["Okafor", "Schmidt", "Nguyen", "García", "Kowalski", "Patel", "Andersson", "Murphy",
         "Rossi", "Tanaka", "Haddad", "Johnson", "Silva", "Novak", "O'Brien", "Larsen"]
# Our side: the CSM whose book it is first, then solutions, support and sales
OUR_TEAM = ["Alex Rivera", "Jordan Kim", "Taylor Brooks", "Morgan Reyes"]
OBJECTIVES = ["Grow qualified pipeline by 30% this year", "Cut customer acquisition cost by 15%",
               "Launch in two new regions by Q3", "Reduce time-to-quote from days to hours",
               "Give leadership one trusted revenue dashboard",
               "Retire three legacy tools and their licences",
               "Improve first-contact resolution to 80%", "Double self-serve sign-ups"]
CHALLENGES = ["Data spread across three CRMs", "Small marketing-ops team (2 people)",
               "Subdomain set-up takes time with their IT", "Low adoption outside head office",
               "Executive sponsor changed in the last quarter",
               "Security review slows every integration", "No agreed lead definition"]
BENEFITS = ["Attribution shows which campaigns pay off", "Workflows remove manual hand-offs",
             "One view of every customer touchpoint", "Templates cut campaign build time",
             "Reporting leadership trusts"]
CRITERIA = ["Sales accepts 90% of marketing-qualified leads",
             "Monthly board report built in the product, not spreadsheets",
             "Every region runs campaigns without our help",
             "Champion can show ROI to the CFO in one page"]
# (kind, severity, title, what is happening, mitigation, mitigation actions)
RISKS = [
    (RiskKind.CHAMPION_LEFT, RiskSeverity.HIGH, "Champion leaving in January",
     "Our champion moves to another company; no successor named yet.",
     "Find and onboard a successor with the sponsor; re-run the value review with them.",
     ["Ask the sponsor to name a successor", "Onboarding session for the new champion"]),
    (RiskKind.BUDGET, RiskSeverity.MEDIUM, "Budget review next quarter",
     "Finance reviews every tool over 50k; ours is on the list.",
     "Show the ROI in the QBR with the pipeline numbers; offer a two-year price.",
     ["Prepare the ROI one-pager"]),
    (RiskKind.COMPETITOR, RiskSeverity.HIGH, "Competitor pilot in one team",
     "The APAC team is piloting a competitor for lead scoring.",
     "Demo the new scoring model to the APAC lead; bring in the solutions architect.",
     ["Book the APAC scoring demo", "Share the lead-scoring benchmark"]),
    (RiskKind.ADOPTION, RiskSeverity.MEDIUM, "Weekly active users falling",
     "Usage dropped a third since the reorganisation.",
     "Targeted training for the new teams; usage report every two weeks.",
     ["Run training for the two new teams"]),
    (RiskKind.PRODUCT_GAP, RiskSeverity.LOW, "Missing SSO for contractors",
     "Contractors cannot sign in with their SSO; IT blocks the rollout to them.",
     "Raise with product; workaround with invited accounts until the release.",
     ["Log the SSO request with product"]),
    (RiskKind.SUPPORT_EXPERIENCE, RiskSeverity.MEDIUM, "Two escalated support tickets",
     "Data export tickets took over a week; the admin is frustrated.",
     "Weekly check-in with support until both tickets are closed.",
     ["Review the open tickets with support"]),
]

# (kind, title, next step, share of the account's ARR expected; None for advocacy)
OPPORTUNITIES = [
    (OpportunityKind.UPSELL, "Second team on the platform", "Pricing call with the sponsor",
     Decimal("0.3")),
    (OpportunityKind.CROSS_SELL, "Analytics add-on", "Demo the add-on to the CMO",
     Decimal("0.15")),
    (OpportunityKind.RENEWAL_UPLIFT, "Move to the Enterprise edition at renewal",
     "Show the Enterprise features in the QBR", Decimal("0.2")),
    (OpportunityKind.REFERRAL, "Referral to their sister company", "Ask for an introduction",
     None),
    (OpportunityKind.TESTIMONIAL, "Quote for the website", "Send the draft quote", None),
    (OpportunityKind.CASE_STUDY, "Case study on the pipeline growth",
     "Agree the numbers with marketing", None),
]
# Product gaps the demo customers ask for, and how they put it.
GAPS = [
    ("SSO for contractors", ["Our contractors cannot sign in with SSO",
                             "We need SSO for the agency staff too"]),
    ("PDF export of dashboards", ["The board wants the dashboard as a PDF every month",
                                  "Let us export dashboards to PDF"]),
    ("Salesforce two-way sync", ["Changes in Salesforce do not come back",
                                 "Two-way sync with Salesforce would save hours"]),
    ("Audit log export", ["Compliance asks for the audit log as a file"]),
    ("Custom fields on leads", ["We need our own fields on leads",
                                "Custom lead fields for the regional teams"]),
    ("Mobile app offline mode", ["Field sales have no signal at trade shows"]),
    ("Data residency in the EU", ["Legal requires EU data residency before the renewal"]),
    ("Bulk edit of campaigns", ["Editing 200 campaigns one by one is painful"]),
]

KPIS: list[tuple[str, str, int | Decimal, int | Decimal]] = [
    ("Marketing-qualified leads per month", "leads", 120, 200),
    ("Lead-to-sale conversion", "%", Decimal("2.1"), Decimal("3.5")),
    ("Website visitors per month", "visits", 18000, 30000),
    ("Active users", "users", 40, 150),
    ("Time to build a campaign", "days", 10, 3),
    ("Support tickets per month", "tickets", 60, 25),
]
NOTES = ["Walked through the {stage} exit criteria; {champion} is confident about the next step.",
          "Reviewed adoption: {users} weekly active users, up from last month.",
          "{champion} raised concerns about the integration timeline.",
          "Agreed to focus on the attribution report before the QBR.",
          "Discussed renewal timing and the budget cycle; procurement starts in {month}."]
ACTIONS = ["Send the product roadmap", "Book training for the regional teams",
            "Share the attribution report template", "Confirm executive sponsor for the QBR",
            "Fix the CRM field mapping", "Draft the 90-day plan", "Send usage report",
            "Introduce the solutions architect", "Collect feedback on the new dashboard"]
# Whose each is by nature: we send our roadmap, they book their own teams' training.
OUR_ACTIONS = {"Send the product roadmap", "Share the attribution report template",
               "Send usage report", "Introduce the solutions architect", "Draft the 90-day plan"}
CUSTOMER_ACTIONS = {"Book training for the regional teams",
                    "Confirm executive sponsor for the QBR",
                    "Collect feedback on the new dashboard"}
BARRIERS = [(BarrierKind.CUSTOMER_CHALLENGE, "Subdomain takes time with their IT team"),
    (BarrierKind.OUR_ISSUE, "Blog migration is slow"),
    (BarrierKind.CUSTOMER_CHALLENGE, "Champion on leave for two weeks"),
    (BarrierKind.OUR_ISSUE, "Integration bug waiting on engineering"),
]
