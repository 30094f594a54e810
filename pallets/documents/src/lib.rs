//! # Documents pallet
//!
//! What the chain knows about the documents kept off chain in IPFS: who may read a case's
//! documents, and which agency sealed an approved application.
//!
//! ## Overview
//!
//! Documents are encrypted on the applicant's client with `age` before they reach any IPFS node;
//! the chain holds only their CIDs (checked against the one CID profile by the service pallets).
//! This pallet adds three things:
//!
//! - **Agency keys.** Each agency's administrator registers the agency's *seal key* (sr25519, kept
//!   in the agency's node keystore under key type `seal`) and its *age recipient* (X25519), to
//!   which applicants wrap case keys.
//! - **Access grants** (the paper's "authorize the application materials to the stakeholders"). The
//!   applicant grants an agency access to a case's documents by publishing the case key wrapped to
//!   that agency's recipient; the granted agency can then decrypt, and the grant is an event anyone
//!   can audit. Grants can be revoked (for documents added later; what was already read cannot be
//!   unread).
//! - **Seals.** When a case is approved, the lifecycle tells this pallet ([`OnCaseApproved`]); the
//!   case then awaits its seal. The deciding agency's node runs an offchain worker that builds the
//!   canonical [`record::ApprovalRecord`], signs its bytes with the agency's seal key, stores them
//!   in IPFS and submits the signature as an unsigned transaction. The runtime rebuilds the record
//!   from chain state and checks the signature before it stores the seal, so a seal on chain always
//!   matches the chain.
//!
//! ## Dispatchables
//!
//! - [`Pallet::set_agency_keys`]: an agency's administrator registers its seal key and recipient.
//! - [`Pallet::grant_access`] / [`Pallet::revoke_access`]: the applicant grants or revokes an
//!   agency's access to a case's documents.
//! - [`Pallet::submit_seal`]: unsigned, from the sealing agency's offchain worker.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

pub mod offchain;
pub mod record;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use safetynet_primitives::AgencyId;
use scale_info::TypeInfo;
use sp_core::{sr25519, H256};

/// Key type of agencies' seal keys in the node keystore.
pub const SEAL_KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"seal");

/// Length of an age X25519 recipient (`age1` and 58 bech32 characters).
pub const RECIPIENT_LEN: u32 = 62;

/// An age X25519 recipient, as text (`age1...`).
pub type Recipient = BoundedVec<u8, ConstU32<RECIPIENT_LEN>>;

/// An agency's registered keys.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct AgencyKeys {
	/// Verifies the agency's seals; the secret half is in the agency node's keystore.
	pub seal: sr25519::Public,
	/// Receives case keys wrapped for the agency.
	pub recipient: Recipient,
}

/// A grant of access to a case's documents.
#[derive(
	frame_support::CloneNoBound,
	frame_support::DebugNoBound,
	Decode,
	DecodeWithMemTracking,
	Encode,
	frame_support::EqNoBound,
	MaxEncodedLen,
	frame_support::PartialEqNoBound,
	TypeInfo,
)]
#[scale_info(skip_type_params(MaxWrapped))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen))]
// The derives need `BlockNumber`'s bounds inline; `MaxEncodedLen` adds its own in a where clause.
#[allow(clippy::multiple_bound_locations)]
pub struct Grant<
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
	MaxWrapped: frame_support::traits::Get<u32>,
> {
	/// The case key, age-encrypted to the agency's recipient.
	pub wrapped_key: BoundedVec<u8, MaxWrapped>,
	/// When it was granted.
	pub granted_at: BlockNumber,
}

/// A case approved and not yet sealed.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub struct SealRequest<BlockNumber> {
	/// The agency that approved it.
	pub agency: AgencyId,
	/// The block of the approval.
	pub approved_at: BlockNumber,
	/// That block's parent hash.
	pub parent_hash: H256,
}

/// An agency's seal on an approved case.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct Seal<BlockNumber> {
	/// The sealing agency.
	pub agency: AgencyId,
	/// The sealed approval record, in IPFS.
	pub record: safetynet_primitives::Cid,
	/// The agency's signature over the record's bytes.
	pub signature: sr25519::Signature,
	/// The seal key that signed (the agency may rotate keys later).
	pub key: sr25519::Public,
	/// When the seal was recorded.
	pub sealed_at: BlockNumber,
}

/// Start of every age file: a wrapped key must be one.
pub const AGE_HEADER: &[u8] = b"age-encryption.org/v1\n";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use safetynet_primitives::{
		cases::{Case, CaseId, CaseLifecycle, OnCaseApproved},
		ParticipantRegistry,
	};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		frame_system::Config<Hash = H256> + frame_system::offchain::CreateBare<Call<Self>>
	{
		/// Who is registered, and who administers which agency.
		type Registry: ParticipantRegistry<Self::AccountId>;

		/// The cases the grants and seals are about.
		type Cases: CaseLifecycle<Self::AccountId, BlockNumberFor<Self>>;

		/// Longest wrapped case key a grant may carry (an age file for one recipient is about
		/// 250 bytes).
		#[pallet::constant]
		type MaxWrappedKeyLen: Get<u32>;

		/// Most agencies a case's documents may be granted to.
		#[pallet::constant]
		type MaxGrantsPerCase: Get<u32>;

		/// Most seals one offchain worker run submits.
		#[pallet::constant]
		type MaxSealsPerRun: Get<u32>;

		/// Pool priority of seal transactions.
		#[pallet::constant]
		type SealPriority: Get<TransactionPriority>;

		/// Weights of this pallet's calls, from benchmarks.
		type WeightInfo: WeightInfo;

		/// Sets up agencies and applicants for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: safetynet_primitives::BenchmarkSetup<Self::AccountId>;
	}

	/// Each agency's seal key and age recipient.
	#[pallet::storage]
	pub type KeysOf<T: Config> = StorageMap<_, Twox64Concat, AgencyId, AgencyKeys, OptionQuery>;

	/// Who may read each case's documents: the case key wrapped for each granted agency.
	#[pallet::storage]
	pub type Grants<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CaseId,
		Twox64Concat,
		AgencyId,
		Grant<BlockNumberFor<T>, T::MaxWrappedKeyLen>,
		OptionQuery,
	>;

	/// How many agencies each case is granted to, bounded by [`Config::MaxGrantsPerCase`].
	#[pallet::storage]
	pub type GrantCount<T: Config> = StorageMap<_, Twox64Concat, CaseId, u32, ValueQuery>;

	/// Approved cases waiting for their agency's seal.
	#[pallet::storage]
	pub type AwaitingSeal<T: Config> =
		StorageMap<_, Twox64Concat, CaseId, SealRequest<BlockNumberFor<T>>, OptionQuery>;

	/// The seal of each sealed case.
	#[pallet::storage]
	pub type Seals<T: Config> =
		StorageMap<_, Twox64Concat, CaseId, Seal<BlockNumberFor<T>>, OptionQuery>;

	/// Agencies' keys at genesis: `(agency, seal key, age recipient)`.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		pub agency_keys: alloc::vec::Vec<(AgencyId, sr25519::Public, alloc::vec::Vec<u8>)>,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (agency, seal, recipient) in &self.agency_keys {
				assert!(
					is_age_recipient(recipient),
					"genesis: agency {agency}'s recipient is not an age recipient"
				);
				let recipient = recipient.clone().try_into().expect("checked length");
				KeysOf::<T>::insert(agency, AgencyKeys { seal: *seal, recipient });
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An agency registered (or replaced) its seal key and recipient.
		AgencyKeysSet { agency: AgencyId, seal: sr25519::Public },
		/// The applicant granted an agency access to a case's documents.
		AccessGranted { case: CaseId, agency: AgencyId },
		/// The applicant revoked an agency's access.
		AccessRevoked { case: CaseId, agency: AgencyId },
		/// A case was approved; its agency's node will seal it.
		SealRequested { case: CaseId, agency: AgencyId },
		/// The agency sealed the approved case: `record` is the sealed approval record in IPFS.
		DocumentSealed { case: CaseId, agency: AgencyId, record: safetynet_primitives::Cid },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller does not administer that agency.
		NotAgencyAdmin,
		/// The recipient is not an age X25519 recipient (`age1` and 58 bech32 characters).
		BadRecipient,
		/// No such case.
		UnknownCase,
		/// Only the case's applicant may grant or revoke access to its documents.
		NotApplicant,
		/// No such agency.
		UnknownAgency,
		/// The agency has not registered its keys, so nothing can be wrapped for it.
		AgencyHasNoKeys,
		/// The wrapped key is not an age file.
		BadWrappedKey,
		/// The wrapped key is longer than [`Config::MaxWrappedKeyLen`].
		WrappedKeyTooLong,
		/// The case is already granted to [`Config::MaxGrantsPerCase`] agencies.
		TooManyGrants,
		/// The agency holds no grant for the case.
		NoSuchGrant,
		/// The case is not waiting for a seal (not approved, or already sealed).
		NotAwaitingSeal,
		/// The signature does not verify with the agency's seal key over the approval record.
		BadSeal,
		/// The seal key is an account's key (an administrator's or a participant's): seals need
		/// a key of their own.
		SealKeyIsAccountKey,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Seals the approved cases of the agencies whose seal keys this node holds.
		fn offchain_worker(now: BlockNumberFor<T>) {
			crate::offchain::seal_awaiting::<T>(now);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers (or replaces) `agency`'s seal key and age recipient. Only the agency's
		/// administrator may, and the seal key may not be an account's key. Seals made under the
		/// earlier key stay valid: each seal records the key that made it, checked when sealed.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_agency_keys())]
		pub fn set_agency_keys(
			origin: OriginFor<T>,
			agency: AgencyId,
			seal: sr25519::Public,
			recipient: Recipient,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(
				T::Registry::administered_agency(&who) == Some(agency),
				Error::<T>::NotAgencyAdmin
			);
			ensure!(is_age_recipient(&recipient), Error::<T>::BadRecipient);
			ensure!(!Self::is_account_key(&seal), Error::<T>::SealKeyIsAccountKey);
			KeysOf::<T>::insert(agency, AgencyKeys { seal, recipient });
			Self::deposit_event(Event::AgencyKeysSet { agency, seal });
			Ok(())
		}

		/// Grants `agency` access to `case`'s documents: `wrapped_key` is the case key,
		/// age-encrypted to the agency's registered recipient. Granting again replaces the
		/// wrapped key. Only the applicant may.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::grant_access(wrapped_key.len() as u32))]
		pub fn grant_access(
			origin: OriginFor<T>,
			case: CaseId,
			agency: AgencyId,
			wrapped_key: alloc::vec::Vec<u8>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_applicant(case, &who)?;
			ensure!(T::Registry::agency(agency).is_some(), Error::<T>::UnknownAgency);
			ensure!(KeysOf::<T>::contains_key(agency), Error::<T>::AgencyHasNoKeys);
			ensure!(wrapped_key.starts_with(AGE_HEADER), Error::<T>::BadWrappedKey);
			let wrapped_key: BoundedVec<u8, T::MaxWrappedKeyLen> =
				wrapped_key.try_into().map_err(|_| Error::<T>::WrappedKeyTooLong)?;
			if !Grants::<T>::contains_key(case, agency) {
				let count = GrantCount::<T>::get(case);
				ensure!(count < T::MaxGrantsPerCase::get(), Error::<T>::TooManyGrants);
				GrantCount::<T>::insert(case, count + 1);
			}
			let granted_at = frame_system::Pallet::<T>::block_number();
			Grants::<T>::insert(case, agency, Grant { wrapped_key, granted_at });
			Self::deposit_event(Event::AccessGranted { case, agency });
			Ok(())
		}

		/// Revokes `agency`'s access to `case`'s documents. Only the applicant may.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::revoke_access())]
		pub fn revoke_access(
			origin: OriginFor<T>,
			case: CaseId,
			agency: AgencyId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_applicant(case, &who)?;
			ensure!(Grants::<T>::take(case, agency).is_some(), Error::<T>::NoSuchGrant);
			GrantCount::<T>::mutate_exists(case, |count| {
				*count = count.and_then(|c| c.checked_sub(1)).filter(|c| *c > 0);
			});
			Self::deposit_event(Event::AccessRevoked { case, agency });
			Ok(())
		}

		/// Records the agency's seal on an approved case. Unsigned: submitted by the sealing
		/// node's offchain worker, authenticated by the signature itself, which must verify with
		/// the agency's registered seal key over the approval record rebuilt from chain state.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::submit_seal(safetynet_primitives::cases::MAX_DOCUMENTS))]
		pub fn submit_seal(
			origin: OriginFor<T>,
			case: CaseId,
			signature: sr25519::Signature,
		) -> DispatchResult {
			ensure_none(origin)?;
			let (request, keys, record) = Self::check_seal(case, &signature)?;
			let record = safetynet_primitives::cid::raw_cid_of(&record);
			AwaitingSeal::<T>::remove(case);
			Seals::<T>::insert(
				case,
				Seal {
					agency: request.agency,
					record: record.clone(),
					signature,
					key: keys.seal,
					sealed_at: frame_system::Pallet::<T>::block_number(),
				},
			);
			Self::deposit_event(Event::DocumentSealed { case, agency: request.agency, record });
			Ok(())
		}
	}

	// `#[pallet::authorize]` is the successor of unsigned validation; the runtime does not run
	// general (authorized) transactions yet, so seals still use `ValidateUnsigned`.
	#[allow(deprecated)]
	#[pallet::validate_unsigned]
	impl<T: Config> ValidateUnsigned for Pallet<T> {
		type Call = Call<T>;

		fn validate_unsigned(_source: TransactionSource, call: &Self::Call) -> TransactionValidity {
			let Call::submit_seal { case, signature } = call else {
				return InvalidTransaction::Call.into();
			};
			Self::check_seal(*case, signature).map_err(|e| match e {
				Error::<T>::BadSeal => InvalidTransaction::BadProof,
				_ => InvalidTransaction::Stale,
			})?;
			ValidTransaction::with_tag_prefix("SafetyNetSeal")
				.priority(T::SealPriority::get())
				.and_provides(case)
				.longevity(64)
				.propagate(true)
				.build()
		}
	}

	impl<T: Config> Pallet<T> {
		fn ensure_applicant(case: CaseId, who: &T::AccountId) -> DispatchResult {
			let details = T::Cases::case(case).ok_or(Error::<T>::UnknownCase)?;
			ensure!(details.applicant == *who, Error::<T>::NotApplicant);
			Ok(())
		}

		/// The canonical approval record of an approved case awaiting its seal, with the request
		/// and the agency's keys.
		pub fn approval_record(
			case: CaseId,
		) -> Result<(SealRequest<BlockNumberFor<T>>, AgencyKeys, alloc::vec::Vec<u8>), Error<T>> {
			let request = AwaitingSeal::<T>::get(case).ok_or(Error::<T>::NotAwaitingSeal)?;
			let keys = KeysOf::<T>::get(request.agency).ok_or(Error::<T>::AgencyHasNoKeys)?;
			let details = T::Cases::case(case).ok_or(Error::<T>::UnknownCase)?;
			let record = crate::record::ApprovalRecord {
				chain: Self::genesis_hash(),
				case,
				service: details.service,
				agency: request.agency,
				applicant: details.applicant_code,
				documents: &details.documents,
				block: sp_runtime::SaturatedConversion::saturated_into(request.approved_at),
				parent_hash: request.parent_hash,
			};
			Ok((request, keys, record.to_bytes()))
		}

		/// The pallet's invariants: every grant count matches its grants and bound, every grant
		/// and seal is about a case, every wrapped key is an age file, every registered
		/// recipient an age recipient, and no case both awaits a seal and has one.
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let mut counted: alloc::collections::BTreeMap<CaseId, u32> = Default::default();
			for (case, _, grant) in Grants::<T>::iter() {
				ensure!(T::Cases::case(case).is_some(), "a grant on a missing case");
				ensure!(grant.wrapped_key.starts_with(AGE_HEADER), "a wrapped key that is not age");
				*counted.entry(case).or_default() += 1;
			}
			for (case, count) in GrantCount::<T>::iter() {
				ensure!(counted.get(&case) == Some(&count), "GrantCount is wrong");
				ensure!(count <= T::MaxGrantsPerCase::get(), "too many grants");
			}
			ensure!(GrantCount::<T>::iter().count() == counted.len(), "a grant without a count");
			for (_, keys) in KeysOf::<T>::iter() {
				ensure!(is_age_recipient(&keys.recipient), "a recipient that is not age");
			}
			for (case, _) in AwaitingSeal::<T>::iter() {
				ensure!(!Seals::<T>::contains_key(case), "a sealed case still awaits its seal");
				ensure!(T::Cases::case(case).is_some(), "a seal request for a missing case");
			}
			for (case, _) in Seals::<T>::iter() {
				ensure!(T::Cases::case(case).is_some(), "a seal on a missing case");
			}
			Ok(())
		}

		/// The chain's genesis hash, which every approval record names. `frame_system` keeps
		/// block zero's hash for good.
		pub fn genesis_hash() -> H256 {
			frame_system::Pallet::<T>::block_hash(
				<BlockNumberFor<T> as sp_runtime::traits::Zero>::zero(),
			)
		}

		/// Whether `key` is also an account's key: the agency's administrator's, or any
		/// registered participant's. A seal key must be a key of its own, kept on the agency's
		/// node: an account key signs transactions, often from a wallet, and one leaked with it
		/// would let the thief seal as well as act.
		fn is_account_key(key: &sr25519::Public) -> bool {
			T::AccountId::decode(&mut &key.0[..]).is_ok_and(|account| {
				T::Registry::administered_agency(&account).is_some() ||
					T::Registry::is_participant(&account)
			})
		}

		/// Checks a seal's signature against the rebuilt record.
		fn check_seal(
			case: CaseId,
			signature: &sr25519::Signature,
		) -> Result<(SealRequest<BlockNumberFor<T>>, AgencyKeys, alloc::vec::Vec<u8>), Error<T>> {
			let (request, keys, record) = Self::approval_record(case)?;
			ensure!(
				sp_io::crypto::sr25519_verify(
					signature,
					&crate::record::seal_message(&record),
					&keys.seal
				),
				Error::<T>::BadSeal
			);
			Ok((request, keys, record))
		}
	}

	impl<T: Config> OnCaseApproved<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
		fn on_approved(case: CaseId, details: &Case<T::AccountId, BlockNumberFor<T>>) {
			// One seal per case: an approval after a re-assessment keeps the first seal.
			if Seals::<T>::contains_key(case) || AwaitingSeal::<T>::contains_key(case) {
				return;
			}
			// The agency that decided the case seals it.
			let agency = details.managing_agency();
			let request = SealRequest {
				agency,
				approved_at: frame_system::Pallet::<T>::block_number(),
				parent_hash: frame_system::Pallet::<T>::parent_hash(),
			};
			AwaitingSeal::<T>::insert(case, request);
			Self::deposit_event(Event::SealRequested { case, agency });
		}
	}
}

/// Whether `text` is an age X25519 recipient: `age1` then 58 characters of the bech32 alphabet.
pub fn is_age_recipient(text: &[u8]) -> bool {
	const BECH32: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
	text.len() == RECIPIENT_LEN as usize &&
		text.starts_with(b"age1") &&
		text[4..].iter().all(|c| BECH32.contains(c))
}
