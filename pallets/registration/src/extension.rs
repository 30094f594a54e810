//! Who may put a transaction in the pool, which, and how many.
//!
//! Safety Net Chain charges no fees: citizens must not buy tokens to apply for benefits. Without
//! fees, something else must stop an outsider — or a participant — from flooding the chain.
//! [`CheckParticipantNonce`] replaces `frame_system::CheckNonce` in the runtime and, besides the
//! nonce, decides admission:
//!
//! - a signed transaction from a **participant** (agency administrator, staff member of an existing
//!   agency, verified citizen) is valid, with [`Config::ParticipantPriority`], if
//!   - the call is one its kind may make ([`Config::CallPolicy`]), else it is refused with
//!     `Custom(index of CallNotAllowed)`;
//!   - the account has not used up its class's quota of transactions for the period
//!     ([`crate::Quotas`]), else `Custom(index of QuotaExceeded)`. Every transaction counts,
//!     successful or not, when it is applied;
//! - a signed transaction from an **unknown account** is valid only if it is a
//!   [`Pallet::request_registration`] that would succeed right now (one pending request per
//!   account, enough proof of work, a bounded queue that lapses). Its priority is the extra work it
//!   carries (a few units, far below participants'), its pool lifetime no longer than its work
//!   stays fresh, and a pool tag keeps a second request from the same account out;
//! - anything else from an unknown account is refused at the pool with
//!   `InvalidTransaction::BadSigner` and never reaches a block.
//!
//! The same checks run again when a block applies the transaction, so a block author cannot
//! include what the pool would refuse.
//!
//! Unlike `frame_system::CheckNonce`, it does not demand a provider reference before it accepts
//! a nonce: an unknown account asking to register has none yet. The request itself gives it one
//! (see the note on provider references in `impls.rs`), which is released, reaping the account,
//! when the request lapses or is turned down. Clients should send such requests as mortal
//! transactions (Polkadot.js and subxt do by default), so a reaped account's request cannot be
//! replayed.
//!
//! It keeps the identifier `CheckNonce` and the same encoding (a compact nonce), so every client
//! that knows the standard extension (Polkadot.js, subxt) builds transactions unchanged.

use crate::{pallet::*, Call, WeightInfo};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::{
	dispatch::DispatchInfo,
	pallet_prelude::{TransactionSource, Weight},
	traits::{Get, IsSubType},
};
use safetynet_primitives::ParticipantKind;
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{
		AsSystemOriginSigner, DispatchInfoOf, Dispatchable, Implication, One, Saturating,
		TransactionExtension, UniqueSaturatedInto, ValidateResult,
	},
	transaction_validity::{
		InvalidTransaction, TransactionLongevity, TransactionValidityError, ValidTransaction,
	},
	DispatchError,
};

/// Which calls each kind of participant may make. The runtime implements it: it knows every
/// pallet's calls.
pub trait CallPolicy<Call> {
	/// Whether a participant of `kind` may make `call`.
	fn allows(kind: ParticipantKind, call: &Call) -> bool;
}

/// The standard nonce check, plus admission (see the module docs).
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct CheckParticipantNonce<T: Config>(#[codec(compact)] pub T::Nonce);

impl<T: Config> CheckParticipantNonce<T> {
	/// The extension for a transaction signed with `nonce`.
	pub fn from(nonce: T::Nonce) -> Self {
		Self(nonce)
	}
}

impl<T: Config> core::fmt::Debug for CheckParticipantNonce<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckParticipantNonce({:?})", self.0)
	}
}

/// Tag that lets only one registration request per account into the pool.
const REQUEST_TAG: &[u8] = b"registration-request";

/// Most priority extra work can buy a registration request.
const MAX_WORK_PRIORITY: u32 = 16;

/// How a signed transaction is admitted.
struct Admission {
	priority: u64,
	longevity: TransactionLongevity,
	extra_tag: Option<Vec<u8>>,
	/// Whether the transaction counts against a quota.
	counted: bool,
}

/// A pallet error as a pool refusal that names it: `Custom(its index)`.
fn refusal<T: Config>(e: Error<T>) -> TransactionValidityError {
	let index = match DispatchError::from(e) {
		DispatchError::Module(m) => m.error[0],
		_ => 0,
	};
	TransactionValidityError::from(InvalidTransaction::Custom(index))
}

impl<T: Config> CheckParticipantNonce<T>
where
	T::RuntimeCall: IsSubType<Call<T>>,
{
	fn admission(
		who: &T::AccountId,
		call: &T::RuntimeCall,
	) -> Result<Admission, TransactionValidityError> {
		if let Some(kind) = Pallet::<T>::participant_kind(who) {
			if !T::CallPolicy::allows(kind, call) {
				return Err(refusal(Error::<T>::CallNotAllowed));
			}
			let now = frame_system::Pallet::<T>::block_number();
			if let Some((quota, usage)) = Pallet::<T>::quota_usage(who, kind.class(), now) {
				if usage.used >= quota.transactions {
					return Err(refusal(Error::<T>::QuotaExceeded));
				}
			}
			return Ok(Admission {
				priority: T::ParticipantPriority::get(),
				longevity: TransactionLongevity::MAX,
				extra_tag: None,
				counted: true,
			});
		}
		let Some(Call::request_registration { form, work }) = call.is_sub_type() else {
			return Err(InvalidTransaction::BadSigner.into());
		};
		let check = Pallet::<T>::check_request(who, form, work).map_err(|e| match e {
			// A full queue is a block's worth of requests, not a fault of this one: the pool
			// keeps it for a later block, as it does when a block is full.
			Error::<T>::RegistrationQueueFull =>
				TransactionValidityError::from(InvalidTransaction::ExhaustsResources),
			// Otherwise the pallet error's index, so a client can tell *why* it was refused.
			e => refusal(e),
		})?;
		// The request is dropped from the pool once its work is too old to be accepted.
		let now = frame_system::Pallet::<T>::block_number();
		let fresh_for = T::WorkWindow::get().saturating_sub(now.saturating_sub(work.block));
		let fresh_for: u64 = fresh_for.unique_saturated_into();
		let ttl: u64 = T::RequestTtl::get().unique_saturated_into();
		Ok(Admission {
			priority: u64::from(check.extra_bits.min(MAX_WORK_PRIORITY)),
			longevity: fresh_for.min(ttl).max(1),
			extra_tag: Some((REQUEST_TAG, who).encode()),
			counted: false,
		})
	}

	/// Counts a transaction of `who` against their quota.
	fn count(who: &T::AccountId) {
		let Some(kind) = Pallet::<T>::participant_kind(who) else { return };
		let now = frame_system::Pallet::<T>::block_number();
		if let Some((_, mut usage)) = Pallet::<T>::quota_usage(who, kind.class(), now) {
			usage.used = usage.used.saturating_add(1);
			QuotaUsage::<T>::insert(who, usage);
		}
	}
}

impl<T: Config> TransactionExtension<T::RuntimeCall> for CheckParticipantNonce<T>
where
	T::RuntimeCall: Dispatchable<Info = DispatchInfo> + IsSubType<Call<T>>,
	<T::RuntimeCall as Dispatchable>::RuntimeOrigin: AsSystemOriginSigner<T::AccountId> + Clone,
{
	const IDENTIFIER: &'static str = "CheckNonce";
	type Implicit = ();
	/// The signer whose nonce to bump, and whether the transaction counts against a quota.
	type Val = Option<(T::AccountId, bool)>;
	type Pre = ();

	fn weight(&self, _call: &T::RuntimeCall) -> Weight {
		// What a transaction costs beyond the runtime's `ExtrinsicBaseWeight`. That base is
		// measured (`benchmark overhead`, node/src/benchmarking.rs) on a participant's signed
		// remark, which passes this extension's participant path (policy, quota, nonce): that
		// path is paid in the base already, and charging it again here would count it twice in
		// every transaction. A registration request's checks cost more; the difference is
		// charged, whichever path the transaction takes.
		T::WeightInfo::check_participant_nonce()
			.saturating_sub(T::WeightInfo::check_participant_nonce_participant())
	}

	fn validate(
		&self,
		origin: <T as frame_system::Config>::RuntimeOrigin,
		call: &T::RuntimeCall,
		_info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Implication,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, T::RuntimeCall> {
		let Some(who) = origin.as_system_origin_signer() else {
			return Ok((ValidTransaction::default(), None, origin));
		};
		let admission = Self::admission(who, call)?;

		let account_nonce = frame_system::Account::<T>::get(who).nonce;
		if self.0 < account_nonce {
			return Err(InvalidTransaction::Stale.into());
		}
		let mut provides = alloc::vec![(who, self.0).encode()];
		provides.extend(admission.extra_tag);
		let requires = if account_nonce < self.0 {
			alloc::vec![(who, self.0.saturating_sub(One::one())).encode()]
		} else {
			alloc::vec![]
		};
		let validity = ValidTransaction {
			priority: admission.priority,
			requires,
			provides,
			longevity: admission.longevity,
			propagate: true,
		};
		let who = who.clone();
		Ok((validity, Some((who, admission.counted)), origin))
	}

	fn prepare(
		self,
		val: Self::Val,
		_origin: &<T as frame_system::Config>::RuntimeOrigin,
		_call: &T::RuntimeCall,
		_info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
	) -> Result<Self::Pre, TransactionValidityError> {
		let Some((who, counted)) = val else { return Ok(()) };
		frame_system::CheckNonce::<T>::prepare_nonce_for_account(&who, self.0)?;
		if counted {
			Self::count(&who);
		}
		Ok(())
	}
}
