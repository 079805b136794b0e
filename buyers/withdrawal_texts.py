"""The withdrawal instructions and the model withdrawal form (Annex I A and B to Art. 246a EGBGB,
Annex I Consumer Rights Directive) in one place: the web page, the withdrawal form page and the
order confirmation PDF all show these texts (German through the buyers catalogue)."""

from django.utils.translation import gettext_lazy as _

INSTRUCTIONS = {
    "title": _("Withdrawal instructions"),
    "right": _(
        "You have the right to withdraw from this contract within 14 days without giving any reason. The withdrawal period "
        "will expire after 14 days from the day on which you acquire, or a third party other than the carrier and indicated "
        "by you acquires, physical possession of the goods. Where an offer grants a longer return period, that period applies."
    ),
    "how": _(
        "To exercise the right of withdrawal, you must inform the seller named on your order (its name, address and e-mail "
        "are shown on the offer, in this confirmation and on your invoice) of your decision to withdraw from this contract by "
        "an unequivocal statement (e.g. a letter sent by post or e-mail). You may use the model withdrawal form, but it is "
        "not obligatory. You can also fill in the form online on your order page. To meet the withdrawal deadline, it is "
        "sufficient for you to send your communication before the withdrawal period has expired."
    ),
    "effects_title": _("Effects of withdrawal"),
    "effects": _(
        "If you withdraw from this contract, the seller shall reimburse to you all payments received from you, including the "
        "costs of delivery (with the exception of supplementary costs resulting from your choice of a type of delivery other "
        "than the least expensive type of standard delivery), without undue delay and in any event not later than 14 days "
        "from the day on which the seller is informed about your decision to withdraw. The seller will use the same means of "
        "payment as you used for the initial transaction. The seller may withhold reimbursement until it has received the "
        "goods back or you have supplied evidence of having sent back the goods, whichever is the earliest. You shall send "
        "back the goods without undue delay and in any event not later than 14 days from the day on which you communicate "
        "your withdrawal. You will have to bear the direct cost of returning the goods unless the seller agreed to bear it. "
        "You are only liable for any diminished value of the goods resulting from handling other than what is necessary to "
        "establish their nature, characteristics and functioning."
    ),
    "scope": _(
        "The right of withdrawal applies to consumers buying from business sellers. Purchases by businesses and purchases "
        "from private sellers (marked as such on the offer) carry only the return period the offer grants."
    ),
}

MODEL_FORM = {
    "title": _("Model withdrawal form"),
    "lines": (
        _("(Complete and return this form only if you wish to withdraw from the contract.)"),
        _("To: [the seller's name, address and e-mail as shown on the offer and invoice]"),
        _(
            "I/We (*) hereby give notice that I/We (*) withdraw from my/our (*) contract of sale of the following goods (*)/for "
            "the provision of the following service (*),"
        ),
        _("Ordered on (*)/received on (*),"),
        _("Name of consumer(s),"),
        _("Address of consumer(s),"),
        _("Signature of consumer(s) (only if this form is notified on paper),"),
        _("Date"),
        _("(*) Delete as appropriate."),
    ),
}
