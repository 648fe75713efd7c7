"""The referral form and the check for earlier referrals."""
