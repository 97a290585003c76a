//! Tests of the collator-ranking pallet: candidacy and its bond, ranking by PoC lottery weight
//! (floor, cap, suspension, keys), the session hook and authorship credit.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use pallet_authorship::EventHandler;
use pallet_session::SessionManager;
use polkadot_sdk::sp_runtime::{DispatchError, Perbill};

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::CollatorRanking(HoldReason::CandidacyBond), &who)
}

fn credit(who: AccountId, points: Contribution) {
	pallet_poc::Pallet::<Test>::do_note_contribution(&who, ContributionKind::CommandFuel, points);
}

#[test]
fn genesis_sets_invulnerables_and_size() {
	run(|| {
		assert_eq!(Invulnerables::<Test>::get().to_vec(), vec![1, 2]);
		assert_eq!(DesiredCollators::<Test>::get(), 4);
		assert!(Candidates::<Test>::get().is_empty());
	});
}

#[test]
fn registering_holds_the_bond_and_leaving_releases_it() {
	run(|| {
		register_keys(3);
		assert_ok!(CollatorRanking::register_as_candidate(RuntimeOrigin::signed(3)));
		assert_eq!(held(3), BOND);
		assert_eq!(Balances::balance(&3), FUNDS - BOND);
		assert_eq!(Candidates::<Test>::get().to_vec(), vec![3]);
		assert_eq!(ranking_events(), vec![Event::CandidateRegistered { who: 3, bond: BOND }]);

		assert_ok!(CollatorRanking::leave_candidacy(RuntimeOrigin::signed(3)));
		assert_eq!(held(3), 0);
		assert_eq!(Balances::balance(&3), FUNDS);
		assert!(Candidates::<Test>::get().is_empty());
		assert_eq!(ranking_events().last(), Some(&Event::CandidateLeft { who: 3, bond: BOND }));
	});
}

#[test]
fn bad_candidacies_are_refused_and_change_nothing() {
	run(|| {
		// No session keys.
		assert_noop!(
			CollatorRanking::register_as_candidate(RuntimeOrigin::signed(3)),
			Error::<Test>::NoSessionKeys
		);
		// An invulnerable.
		assert_noop!(
			CollatorRanking::register_as_candidate(RuntimeOrigin::signed(1)),
			Error::<Test>::AlreadyInvulnerable
		);
		// Twice.
		candidate(3);
		assert_noop!(
			CollatorRanking::register_as_candidate(RuntimeOrigin::signed(3)),
			Error::<Test>::AlreadyCandidate
		);
		// Not funded: account 99 has keys but no balance.
		register_keys(99);
		assert_noop!(
			CollatorRanking::register_as_candidate(RuntimeOrigin::signed(99)),
			Error::<Test>::InsufficientBond
		);
		// Leaving without being a candidate.
		assert_noop!(
			CollatorRanking::leave_candidacy(RuntimeOrigin::signed(4)),
			Error::<Test>::NotCandidate
		);
		// Unsigned.
		assert_noop!(
			CollatorRanking::register_as_candidate(RuntimeOrigin::none()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn the_candidate_list_is_bounded() {
	run(|| {
		for who in 3..3 + u64::from(MAX_CANDIDATES) {
			candidate(who);
		}
		let next = 3 + u64::from(MAX_CANDIDATES);
		register_keys(next);
		assert_noop!(
			CollatorRanking::register_as_candidate(RuntimeOrigin::signed(next)),
			Error::<Test>::TooManyCandidates
		);
		assert_eq!(held(next), 0);
	});
}

#[test]
fn invulnerables_come_first_then_candidates_by_contribution() {
	run(|| {
		for who in 3..=6 {
			candidate(who);
		}
		credit(4, 300);
		credit(5, 1_000);
		credit(6, 200);
		assert_eq!(CollatorRanking::ranked_collators(), vec![1, 2, 5, 4]);

		// More seats take the next ones in rank order.
		assert_ok!(CollatorRanking::set_desired_collators(RuntimeOrigin::root(), 6));
		assert_eq!(CollatorRanking::ranked_collators(), vec![1, 2, 5, 4, 6, 3]);

		// Fewer seats than invulnerables: the first invulnerables only.
		assert_ok!(CollatorRanking::set_desired_collators(RuntimeOrigin::root(), 1));
		assert_eq!(CollatorRanking::ranked_collators(), vec![1]);
	});
}

#[test]
fn equal_weights_keep_registration_order() {
	run(|| {
		for who in [6, 3, 5, 4] {
			candidate(who);
		}
		// Nobody has contributed: every candidate is at the floor.
		assert_eq!(CollatorRanking::ranked_collators(), vec![1, 2, 6, 3]);
		// Below a raised floor, contributions do not separate candidates either.
		assert_ok!(pallet_poc::Pallet::<Test>::set_weight_bounds(
			RuntimeOrigin::root(),
			1_000,
			Perbill::one()
		));
		credit(4, 900);
		credit(5, 500);
		assert_eq!(CollatorRanking::ranked_collators(), vec![1, 2, 6, 3]);
		credit(4, 200);
		assert_eq!(CollatorRanking::ranked_collators(), vec![1, 2, 4, 6]);
	});
}

#[test]
fn the_cap_stops_a_large_contributor_from_outranking_by_more_than_it_allows() {
	run(|| {
		candidate(3);
		candidate(4);
		candidate(5);
		credit(3, 5_000);
		credit(4, 9_000);
		credit(5, 100);
		assert_ok!(CollatorRanking::set_desired_collators(RuntimeOrigin::root(), 3));
		// Without a cap 4 leads.
		assert_eq!(CollatorRanking::ranked_collators(), vec![1, 2, 4]);
		// With a cap of 20 % of 14,100 points both 3 and 4 weigh 2,820: the older one wins.
		assert_ok!(pallet_poc::Pallet::<Test>::set_weight_bounds(
			RuntimeOrigin::root(),
			1,
			Perbill::from_percent(20)
		));
		assert_eq!(CollatorRanking::ranked_collators(), vec![1, 2, 3]);
	});
}

#[test]
fn suspended_candidates_and_candidates_without_keys_rank_last_or_not_at_all() {
	run(|| {
		for who in 3..=5 {
			candidate(who);
		}
		credit(3, 1_000);
		credit(4, 500);
		assert_eq!(CollatorRanking::ranked_collators(), vec![1, 2, 3, 4]);
		// A suspended account weighs 1, below the floor of the others (10 here).
		assert_ok!(pallet_poc::Pallet::<Test>::set_weight_bounds(
			RuntimeOrigin::root(),
			10,
			Perbill::one()
		));
		pallet_poc::Pallet::<Test>::do_suspend(&3);
		assert_eq!(CollatorRanking::ranked_collators(), vec![1, 2, 4, 5]);
		// Keys purged: skipped.
		purge_keys(4);
		assert_eq!(CollatorRanking::ranked_collators(), vec![1, 2, 5, 3]);
	});
}

#[test]
fn new_session_returns_the_ranking_and_says_so() {
	run(|| {
		candidate(3);
		candidate(4);
		credit(4, 10);
		assert_eq!(CollatorRanking::new_session(7), Some(vec![1, 2, 4, 3]));
		assert_eq!(
			ranking_events().last(),
			Some(&Event::CollatorsChosen { session: 7, collators: vec![1, 2, 4, 3] })
		);
	});
}

#[test]
fn an_empty_ranking_keeps_the_current_set() {
	run(|| {
		assert_ok!(CollatorRanking::set_desired_collators(RuntimeOrigin::root(), 0));
		assert_eq!(CollatorRanking::new_session(1), None);
		assert_ok!(CollatorRanking::set_desired_collators(RuntimeOrigin::root(), 3));
		assert_ok!(CollatorRanking::set_invulnerables(RuntimeOrigin::root(), vec![]));
		assert_eq!(CollatorRanking::new_session(2), None);
		assert!(!ranking_events().iter().any(|e| matches!(e, Event::CollatorsChosen { .. })));
		candidate(3);
		assert_eq!(CollatorRanking::new_session(3), Some(vec![3]));
	});
}

#[test]
fn block_authors_are_credited_contribution() {
	run(|| {
		candidate(3);
		CollatorRanking::note_author(3);
		CollatorRanking::note_author(3);
		assert_eq!(pallet_poc::Pallet::<Test>::score_of(&3), 2 * BLOCK_POINTS);
		// Which is what ranks it above an older candidate.
		candidate(4);
		candidate(5);
		CollatorRanking::note_author(5);
		CollatorRanking::note_author(5);
		CollatorRanking::note_author(5);
		assert_eq!(CollatorRanking::ranked_collators(), vec![1, 2, 5, 3]);
	});
}

#[test]
fn desired_collators_is_root_only_and_bounded() {
	run(|| {
		assert_noop!(
			CollatorRanking::set_desired_collators(RuntimeOrigin::signed(1), 2),
			DispatchError::BadOrigin
		);
		assert_noop!(
			CollatorRanking::set_desired_collators(RuntimeOrigin::root(), MAX_COLLATORS + 1),
			Error::<Test>::TooManyCollators
		);
		assert_ok!(CollatorRanking::set_desired_collators(RuntimeOrigin::root(), MAX_COLLATORS));
		assert_eq!(DesiredCollators::<Test>::get(), MAX_COLLATORS);
		assert_eq!(ranking_events(), vec![Event::DesiredCollatorsSet { desired: MAX_COLLATORS }]);
	});
}

#[test]
fn invulnerables_are_checked_before_they_replace_the_list() {
	run(|| {
		candidate(3);
		register_keys(4);
		register_keys(5);
		assert_noop!(
			CollatorRanking::set_invulnerables(RuntimeOrigin::signed(1), vec![4]),
			DispatchError::BadOrigin
		);
		assert_noop!(
			CollatorRanking::set_invulnerables(RuntimeOrigin::root(), vec![4, 4]),
			Error::<Test>::DuplicateInvulnerable
		);
		assert_noop!(
			CollatorRanking::set_invulnerables(RuntimeOrigin::root(), vec![4, 3]),
			Error::<Test>::InvulnerableIsCandidate
		);
		assert_noop!(
			CollatorRanking::set_invulnerables(RuntimeOrigin::root(), vec![4, 6]),
			Error::<Test>::NoSessionKeys
		);
		assert_noop!(
			CollatorRanking::set_invulnerables(RuntimeOrigin::root(), vec![1, 2, 4, 5, 6]),
			Error::<Test>::TooManyInvulnerables
		);
		assert_ok!(CollatorRanking::set_invulnerables(RuntimeOrigin::root(), vec![5, 4]));
		assert_eq!(
			ranking_events().last(),
			Some(&Event::InvulnerablesSet { invulnerables: vec![5, 4] })
		);
		assert_eq!(CollatorRanking::ranked_collators(), vec![5, 4, 3]);
		// The old invulnerables can now be candidates.
		assert_ok!(CollatorRanking::register_as_candidate(RuntimeOrigin::signed(1)));
	});
}
