-- A contact added later (issue 19, item 4): a signed-in person, a managed account above all, asks
-- to add an email address or phone number. Until the code sent there is confirmed, the contact
-- exists only as the pending code's `contact` (purpose 'new-contact'); nothing in
-- learner_contacts changes, so an unconfirmed request claims nothing and blocks no one.
ALTER TABLE verification_codes DROP CONSTRAINT verification_codes_purpose_check;
ALTER TABLE verification_codes ADD CONSTRAINT verification_codes_purpose_check
    CHECK (purpose IN ('contact', 'guardian', 'password-reset', 'new-contact'));
