//! # Documents pallet
//!
//! What the chain knows about the documents kept off chain in IPFS: who may read a case's
//! documents, and which agency sealed an approved application.
//!
//! ## Overview
//!
//! Documents are encrypted on the applicant's client with `age` before they reach any IPFS node;
//! the chain holds only their CIDs (checked against the one CID profile by the service pallets).
//! This pallet adds four things:
//!
//! - **Agency keys.** Each agency's administrator registers the agency's *seal key* (sr25519, kept
//!   in the agency's node keystore under key type `seal`), its *age recipient* (X25519: the custody
//!   identity of the agency's document node, to which applicants wrap case keys) and its *custodian
//!   key* (sr25519, the same document node's, which signs erasure receipts).
//! - **Access grants and receipts** (the paper's "authorize the application materials to the
//!   stakeholders"). The applicant grants an agency access to a case's documents; the case key
//!   itself never touches the chain: the applicant deposits it, wrapped, with the agency's document
//!   node (see [`custody`]). A staff member of a granted agency first records an **access receipt**
//!   here ([`Pallet::record_access`]: who, which case, which document, when), and only against that
//!   receipt does the custodian hand them the key, so every access is on chain for the citizen to
//!   see. Revoking a grant moves the case to a new **key version**: documents added afterwards are
//!   encrypted under a key the revoked agency never receives.
//! - **Erasure.** When a case's retention has run out, or a lawful order (a council motion) says
//!   so, [`Pallet::order_erasure`] lists every agency that ever held the case's keys; each one's
//!   document node destroys the keys and the ciphertext and signs an erasure receipt
//!   ([`Pallet::record_erasure`]), which anyone may check against the list.
//! - **Seals.** When a case is approved, the lifecycle tells this pallet ([`OnCaseApproved`]); the
//!   case then awaits its seal. The deciding agency's node runs an offchain worker that builds the
//!   canonical [`record::ApprovalRecord`], signs its bytes with the agency's seal key, stores them
//!   in IPFS and submits the signature as an unsigned transaction. The runtime rebuilds the record
//!   from chain state and checks the signature before it stores the seal, so a seal on chain always
//!   matches the chain.
//!
//! ## Dispatchables
//!
//! - [`Pallet::set_agency_keys`] / [`Pallet::set_custodian`]: an agency's administrator registers
//!   its seal key and recipient, and its document node's custodian key.
//! - [`Pallet::grant_access`] / [`Pallet::revoke_access`]: the applicant grants or revokes an
//!   agency's access to a case's documents; [`Pallet::add_document`]: the applicant adds a document
//!   to a case under its current key version.
//! - [`Pallet::record_access`]: a granted agency's staff member receipts an access.
//! - [`Pallet::order_erasure`]: a council motion, or any staff member once retention has run out;
//!   [`Pallet::record_erasure`]: unsigned, a custodian's signed erasure receipt.
//! - [`Pallet::submit_seal`]: unsigned, from the sealing agency's offchain worker.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

pub mod custody;
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
pub struct Grant<BlockNumber> {
	/// The case's key version when granted: the applicant deposits that key with the agency's
	/// document node.
	pub version: u32,
	/// When it was granted.
	pub granted_at: BlockNumber,
}

/// A receipted access to one of a case's documents: recorded before the custodian releases the
/// case key, so no key leaves a document node without one.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct AccessReceipt<AccountId, BlockNumber> {
	/// The staff member who asked.
	pub staff: AccountId,
	/// Their agency, which holds the grant.
	pub agency: AgencyId,
	/// The document they asked to read.
	pub document: safetynet_primitives::Cid,
	/// The case's key version then.
	pub version: u32,
	/// When.
	pub at: BlockNumber,
}

/// Why a case's documents are erased.
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
pub enum ErasureReason {
	/// A lawful order: a council motion.
	Ordered,
	/// The case closed more than the retention period ago.
	RetentionEnded,
}

/// An ordered erasure and the receipts of the agencies that held the case's keys.
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
#[scale_info(skip_type_params(MaxHolders))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen))]
#[allow(clippy::multiple_bound_locations)]
pub struct Erasure<
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
	MaxHolders: frame_support::traits::Get<u32>,
> {
	/// Why.
	pub reason: ErasureReason,
	/// When it was ordered.
	pub ordered_at: BlockNumber,
	/// Every agency that ever held a key of the case.
	pub holders: BoundedVec<AgencyId, MaxHolders>,
	/// Those whose custodian has signed its erasure receipt.
	pub erased: BoundedVec<AgencyId, MaxHolders>,
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

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use safetynet_primitives::{
		cases::{Case, CaseId, CaseLifecycle, OnCaseApproved},
		Cid, ParticipantRegistry,
	};
	use sp_runtime::traits::Saturating;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

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

		/// Who may order a case's erasure at any time: a lawful order (a council motion).
		type EraseOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// How long a closed case's documents are kept before any staff member may order their
		/// erasure.
		#[pallet::constant]
		type RetentionPeriod: Get<BlockNumberFor<Self>>;

		/// Most agencies a case's documents may be granted to at once.
		#[pallet::constant]
		type MaxGrantsPerCase: Get<u32>;

		/// Most agencies that may ever hold a case's keys (granted, then revoked, count too):
		/// each must record an erasure receipt.
		#[pallet::constant]
		type MaxKeyHolders: Get<u32>;

		/// Most documents an applicant may add to a case after applying.
		#[pallet::constant]
		type MaxAddedDocuments: Get<u32>;

		/// Most access receipts one case keeps; past it, nobody may open its documents (the
		/// receipts are the point).
		#[pallet::constant]
		type MaxReceiptsPerCase: Get<u32>;

		/// Most seals one offchain worker run submits.
		#[pallet::constant]
		type MaxSealsPerRun: Get<u32>;

		/// Pool priority of seal and erasure-receipt transactions.
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

	/// Each agency's custodian key: its document node's, which signs erasure receipts.
	#[pallet::storage]
	pub type Custodians<T: Config> =
		StorageMap<_, Twox64Concat, AgencyId, sr25519::Public, OptionQuery>;

	/// Which agencies may read each case's documents now.
	#[pallet::storage]
	pub type Grants<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CaseId,
		Twox64Concat,
		AgencyId,
		Grant<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// How many agencies each case is granted to, bounded by [`Config::MaxGrantsPerCase`].
	#[pallet::storage]
	pub type GrantCount<T: Config> = StorageMap<_, Twox64Concat, CaseId, u32, ValueQuery>;

	/// Each case's key version: 0 until a grant is revoked, then one more per revocation.
	#[pallet::storage]
	pub type CaseKeyVersion<T: Config> = StorageMap<_, Twox64Concat, CaseId, u32, ValueQuery>;

	/// Every agency that was ever granted a case (so holds, or held, one of its keys).
	#[pallet::storage]
	pub type KeyHolders<T: Config> =
		StorageMap<_, Twox64Concat, CaseId, BoundedVec<AgencyId, T::MaxKeyHolders>, ValueQuery>;

	/// Documents the applicant added to a case after applying, with the key version each was
	/// added under.
	#[pallet::storage]
	pub type AddedDocuments<T: Config> = StorageMap<
		_,
		Twox64Concat,
		CaseId,
		BoundedVec<(Cid, u32), T::MaxAddedDocuments>,
		ValueQuery,
	>;

	/// Every receipted access to a case's documents, numbered from 0.
	#[pallet::storage]
	pub type AccessReceipts<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CaseId,
		Twox64Concat,
		u32,
		AccessReceipt<T::AccountId, BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// How many access receipts each case has, bounded by [`Config::MaxReceiptsPerCase`].
	#[pallet::storage]
	pub type ReceiptCount<T: Config> = StorageMap<_, Twox64Concat, CaseId, u32, ValueQuery>;

	/// The erasure ordered for each case, and its receipts.
	#[pallet::storage]
	pub type Erasures<T: Config> = StorageMap<
		_,
		Twox64Concat,
		CaseId,
		Erasure<BlockNumberFor<T>, T::MaxKeyHolders>,
		OptionQuery,
	>;

	/// Every erasure in the order it was made: document nodes follow this log, each from where
	/// it last stopped, so none has to scan every case.
	#[pallet::storage]
	pub type ErasureLog<T: Config> = StorageMap<_, Twox64Concat, u64, CaseId, OptionQuery>;

	/// How many erasures the log holds.
	#[pallet::storage]
	pub type ErasureCount<T: Config> = StorageValue<_, u64, ValueQuery>;

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
		/// An agency registered (or replaced) its document node's custodian key.
		CustodianSet { agency: AgencyId, custodian: sr25519::Public },
		/// The applicant granted an agency access to a case's documents under key `version`.
		AccessGranted { case: CaseId, agency: AgencyId, version: u32 },
		/// The applicant revoked an agency's access; the case's documents added from now on are
		/// under key `new_version`.
		AccessRevoked { case: CaseId, agency: AgencyId, new_version: u32 },
		/// The applicant added a document to the case under key `version`.
		DocumentAdded { case: CaseId, document: Cid, version: u32 },
		/// `staff` of `agency` receipted an access to `document`: receipt `receipt` of the case.
		DocumentAccessed {
			case: CaseId,
			receipt: u32,
			agency: AgencyId,
			staff: T::AccountId,
			document: Cid,
		},
		/// The case's keys and documents are to be destroyed by every one of `holders`.
		ErasureOrdered { case: CaseId, reason: ErasureReason, holders: u32 },
		/// `agency`'s custodian signed that it destroyed the case's keys and documents.
		ErasureRecorded { case: CaseId, agency: AgencyId },
		/// Every holder has recorded its erasure receipt.
		ErasureCompleted { case: CaseId },
		/// A case was approved; its agency's node will seal it.
		SealRequested { case: CaseId, agency: AgencyId },
		/// The agency sealed the approved case: `record` is the sealed approval record in IPFS.
		DocumentSealed { case: CaseId, agency: AgencyId, record: Cid },
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
		/// The agency already holds a grant for the case.
		AlreadyGranted,
		/// The case is already granted to [`Config::MaxGrantsPerCase`] agencies.
		TooManyGrants,
		/// [`Config::MaxKeyHolders`] agencies have held the case's keys; no other may.
		TooManyKeyHolders,
		/// The agency holds no grant for the case.
		NoSuchGrant,
		/// The caller is not a staff member of an existing agency.
		NotStaff,
		/// The caller's agency holds no grant for the case.
		NotGranted,
		/// The document is not one of the case's.
		NotACaseDocument,
		/// The document is already one of the case's.
		DocumentAlreadyAdded,
		/// The case already has [`Config::MaxAddedDocuments`] added documents.
		TooManyDocuments,
		/// The case is over (closed or ended): nothing may be added.
		CaseIsOver,
		/// The case already has [`Config::MaxReceiptsPerCase`] access receipts.
		ReceiptsFull,
		/// The case's erasure has been ordered: its documents are gone.
		CaseErased,
		/// No erasure has been ordered for the case.
		NoErasure,
		/// The case is still open, or closed less than the retention period ago.
		RetentionNotOver,
		/// The agency is not one that held the case's keys, or already recorded its receipt.
		NotAPendingHolder,
		/// The agency has not registered a custodian key.
		NoCustodian,
		/// The erasure receipt's signature does not verify with the agency's custodian key.
		BadErasureReceipt,
		/// The case is not waiting for a seal (not approved, or already sealed).
		NotAwaitingSeal,
		/// The signature does not verify with the agency's seal key over the approval record.
		BadSeal,
		/// The seal key is an account's key (an administrator's or a participant's): seals need
		/// a key of their own.
		SealKeyIsAccountKey,
		/// The custodian key is an account's key: it must be the document node's own.
		CustodianIsAccountKey,
		/// The staff member is the case's applicant or a member of its household.
		ConflictOfInterest,
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
			Self::ensure_admin(origin, agency)?;
			ensure!(is_age_recipient(&recipient), Error::<T>::BadRecipient);
			ensure!(!Self::is_account_key(&seal), Error::<T>::SealKeyIsAccountKey);
			KeysOf::<T>::insert(agency, AgencyKeys { seal, recipient });
			Self::deposit_event(Event::AgencyKeysSet { agency, seal });
			Ok(())
		}

		/// Grants `agency` access to `case`'s documents under the case's current key version.
		/// The key itself goes to the agency's document node, not here. Only the applicant may.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::grant_access())]
		pub fn grant_access(
			origin: OriginFor<T>,
			case: CaseId,
			agency: AgencyId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_applicant(case, &who)?;
			Self::ensure_not_erased(case)?;
			ensure!(T::Registry::agency(agency).is_some(), Error::<T>::UnknownAgency);
			ensure!(KeysOf::<T>::contains_key(agency), Error::<T>::AgencyHasNoKeys);
			ensure!(!Grants::<T>::contains_key(case, agency), Error::<T>::AlreadyGranted);
			let count = GrantCount::<T>::get(case);
			ensure!(count < T::MaxGrantsPerCase::get(), Error::<T>::TooManyGrants);
			let mut holders = KeyHolders::<T>::get(case);
			if !holders.contains(&agency) {
				holders.try_push(agency).map_err(|_| Error::<T>::TooManyKeyHolders)?;
				KeyHolders::<T>::insert(case, holders);
			}
			GrantCount::<T>::insert(case, count + 1);
			let version = CaseKeyVersion::<T>::get(case);
			let granted_at = frame_system::Pallet::<T>::block_number();
			Grants::<T>::insert(case, agency, Grant { version, granted_at });
			Self::deposit_event(Event::AccessGranted { case, agency, version });
			Ok(())
		}

		/// Revokes `agency`'s access to `case`'s documents and moves the case to its next key
		/// version, which the revoked agency never receives. Only the applicant may.
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
			let new_version = CaseKeyVersion::<T>::mutate(case, |v| {
				*v = v.saturating_add(1);
				*v
			});
			Self::deposit_event(Event::AccessRevoked { case, agency, new_version });
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

		/// Registers (or replaces) the custodian key of `agency`'s document node, which signs
		/// its erasure receipts. Only the agency's administrator may, and it may not be an
		/// account's key.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_custodian())]
		pub fn set_custodian(
			origin: OriginFor<T>,
			agency: AgencyId,
			custodian: sr25519::Public,
		) -> DispatchResult {
			Self::ensure_admin(origin, agency)?;
			ensure!(!Self::is_account_key(&custodian), Error::<T>::CustodianIsAccountKey);
			Custodians::<T>::insert(agency, custodian);
			Self::deposit_event(Event::CustodianSet { agency, custodian });
			Ok(())
		}

		/// Adds `document` (encrypted under the case's current key version) to the applicant's
		/// case, for example after a revocation, or at an agency's request. Only the applicant
		/// may, while the case is not over.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::add_document())]
		pub fn add_document(origin: OriginFor<T>, case: CaseId, document: Cid) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let details = Self::ensure_applicant(case, &who)?;
			Self::ensure_not_erased(case)?;
			ensure!(!details.status.is_final(), Error::<T>::CaseIsOver);
			T::Cases::check_document(&document)?;
			ensure!(
				Self::document_version(case, &details, &document).is_none(),
				Error::<T>::DocumentAlreadyAdded
			);
			let version = CaseKeyVersion::<T>::get(case);
			AddedDocuments::<T>::try_mutate(case, |added| {
				added
					.try_push((document.clone(), version))
					.map_err(|_| Error::<T>::TooManyDocuments)
			})?;
			Self::deposit_event(Event::DocumentAdded { case, document, version });
			Ok(())
		}

		/// Receipts an access to one of `case`'s documents by the calling staff member, whose
		/// agency must hold a grant and who must not be the applicant or a member of their
		/// household. The agency's document node releases the case key only against this
		/// receipt, to the staff member it names.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::record_access())]
		pub fn record_access(origin: OriginFor<T>, case: CaseId, document: Cid) -> DispatchResult {
			let staff = ensure_signed(origin)?;
			let post = T::Registry::staff_post(&staff).ok_or(Error::<T>::NotStaff)?;
			let details = T::Cases::case(case).ok_or(Error::<T>::UnknownCase)?;
			Self::ensure_not_erased(case)?;
			ensure!(Grants::<T>::contains_key(case, post.agency), Error::<T>::NotGranted);
			// Nobody opens their own or their family's file, as nobody takes a step of it.
			ensure!(!T::Cases::concerns(case, &post.identity), Error::<T>::ConflictOfInterest);
			ensure!(
				Self::document_version(case, &details, &document).is_some(),
				Error::<T>::NotACaseDocument
			);
			let receipt = ReceiptCount::<T>::get(case);
			ensure!(receipt < T::MaxReceiptsPerCase::get(), Error::<T>::ReceiptsFull);
			ReceiptCount::<T>::insert(case, receipt + 1);
			AccessReceipts::<T>::insert(
				case,
				receipt,
				AccessReceipt {
					staff: staff.clone(),
					agency: post.agency,
					document: document.clone(),
					version: CaseKeyVersion::<T>::get(case),
					at: frame_system::Pallet::<T>::block_number(),
				},
			);
			Self::deposit_event(Event::DocumentAccessed {
				case,
				receipt,
				agency: post.agency,
				staff,
				document,
			});
			Ok(())
		}

		/// Orders the destruction of `case`'s keys and documents by every agency that held its
		/// keys. A council motion may order it at any time (a lawful order); any staff member
		/// may once the case has been closed for [`Config::RetentionPeriod`]. The case's grants
		/// end; its receipts and record stay.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::order_erasure())]
		pub fn order_erasure(origin: OriginFor<T>, case: CaseId) -> DispatchResult {
			let details = T::Cases::case(case).ok_or(Error::<T>::UnknownCase)?;
			let reason = match T::EraseOrigin::try_origin(origin) {
				Ok(_) => ErasureReason::Ordered,
				Err(origin) => {
					let who = ensure_signed(origin)?;
					ensure!(T::Registry::staff_post(&who).is_some(), Error::<T>::NotStaff);
					let now = frame_system::Pallet::<T>::block_number();
					let closed = details.status.is_final();
					let retained_until = T::Cases::last_change(case)
						.map(|at| at.saturating_add(T::RetentionPeriod::get()));
					ensure!(
						closed && retained_until.is_some_and(|until| until <= now),
						Error::<T>::RetentionNotOver
					);
					ErasureReason::RetentionEnded
				},
			};
			Self::ensure_not_erased(case)?;
			let _ = Grants::<T>::clear_prefix(case, T::MaxGrantsPerCase::get(), None);
			GrantCount::<T>::remove(case);
			let holders = KeyHolders::<T>::get(case);
			let count = holders.len() as u32;
			Erasures::<T>::insert(
				case,
				Erasure {
					reason,
					ordered_at: frame_system::Pallet::<T>::block_number(),
					holders,
					erased: BoundedVec::new(),
				},
			);
			let seq = ErasureCount::<T>::get();
			ErasureLog::<T>::insert(seq, case);
			ErasureCount::<T>::put(seq.saturating_add(1));
			Self::deposit_event(Event::ErasureOrdered { case, reason, holders: count });
			if count == 0 {
				Self::deposit_event(Event::ErasureCompleted { case });
			}
			Ok(())
		}

		/// Records `agency`'s erasure receipt for `case`. Unsigned: submitted by the agency's
		/// document node once it destroyed the case's keys and blocks, authenticated by the
		/// signature, which must verify with the agency's registered custodian key over
		/// [`custody::erasure_message`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::record_erasure())]
		pub fn record_erasure(
			origin: OriginFor<T>,
			case: CaseId,
			agency: AgencyId,
			signature: sr25519::Signature,
		) -> DispatchResult {
			ensure_none(origin)?;
			let mut erasure = Self::check_erasure_receipt(case, agency, &signature)?;
			// `check_erasure_receipt` found the agency among the holders, so it fits.
			erasure.erased.try_push(agency).map_err(|_| Error::<T>::NotAPendingHolder)?;
			let complete = erasure.erased.len() == erasure.holders.len();
			Erasures::<T>::insert(case, erasure);
			Self::deposit_event(Event::ErasureRecorded { case, agency });
			if complete {
				Self::deposit_event(Event::ErasureCompleted { case });
			}
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
			match call {
				Call::submit_seal { case, signature } => {
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
				},
				Call::record_erasure { case, agency, signature } => {
					Self::check_erasure_receipt(*case, *agency, signature).map_err(
						|e| match e {
							Error::<T>::BadErasureReceipt => InvalidTransaction::BadProof,
							_ => InvalidTransaction::Stale,
						},
					)?;
					ValidTransaction::with_tag_prefix("SafetyNetErasure")
						.priority(T::SealPriority::get())
						.and_provides((case, agency))
						.longevity(64)
						.propagate(true)
						.build()
				},
				_ => InvalidTransaction::Call.into(),
			}
		}
	}

	impl<T: Config> Pallet<T> {
		fn ensure_admin(origin: OriginFor<T>, agency: AgencyId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(
				T::Registry::administered_agency(&who) == Some(agency),
				Error::<T>::NotAgencyAdmin
			);
			Ok(())
		}

		fn ensure_applicant(
			case: CaseId,
			who: &T::AccountId,
		) -> Result<Case<T::AccountId, BlockNumberFor<T>>, DispatchError> {
			let details = T::Cases::case(case).ok_or(Error::<T>::UnknownCase)?;
			ensure!(details.applicant == *who, Error::<T>::NotApplicant);
			Ok(details)
		}

		fn ensure_not_erased(case: CaseId) -> DispatchResult {
			ensure!(!Erasures::<T>::contains_key(case), Error::<T>::CaseErased);
			Ok(())
		}

		/// The key version `document` of `case` was added under, if it is one of the case's:
		/// documents of the application itself are under version 0 (the key exists before any
		/// grant), later ones under the version recorded when they were added.
		pub fn document_version(
			case: CaseId,
			details: &Case<T::AccountId, BlockNumberFor<T>>,
			document: &Cid,
		) -> Option<u32> {
			if details.documents.contains(document) {
				return Some(0);
			}
			AddedDocuments::<T>::get(case)
				.into_iter()
				.find_map(|(cid, version)| (cid == *document).then_some(version))
		}

		/// Checks an erasure receipt: ordered, from a holder that has not recorded one, signed
		/// with the agency's custodian key. Returns the erasure to update.
		fn check_erasure_receipt(
			case: CaseId,
			agency: AgencyId,
			signature: &sr25519::Signature,
		) -> Result<Erasure<BlockNumberFor<T>, T::MaxKeyHolders>, Error<T>> {
			let erasure = Erasures::<T>::get(case).ok_or(Error::<T>::NoErasure)?;
			ensure!(
				erasure.holders.contains(&agency) && !erasure.erased.contains(&agency),
				Error::<T>::NotAPendingHolder
			);
			let custodian = Custodians::<T>::get(agency).ok_or(Error::<T>::NoCustodian)?;
			let message = crate::custody::erasure_message(Self::genesis_hash(), case, agency);
			ensure!(
				sp_io::crypto::sr25519_verify(signature, &message, &custodian),
				Error::<T>::BadErasureReceipt
			);
			Ok(erasure)
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

		/// The pallet's invariants: every grant count matches its grants and bound, every
		/// grantee is a key holder, every receipt count matches its receipts, every erasure's
		/// receipts come from its holders and left no grant, the erasure log matches its count,
		/// every registered recipient is an age recipient, and no case both awaits a seal and
		/// has one.
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let mut counted: alloc::collections::BTreeMap<CaseId, u32> = Default::default();
			for (case, agency, _) in Grants::<T>::iter() {
				ensure!(T::Cases::case(case).is_some(), "a grant on a missing case");
				ensure!(KeyHolders::<T>::get(case).contains(&agency), "a grantee not a holder");
				ensure!(!Erasures::<T>::contains_key(case), "a grant on an erased case");
				*counted.entry(case).or_default() += 1;
			}
			for (case, count) in GrantCount::<T>::iter() {
				ensure!(counted.get(&case) == Some(&count), "GrantCount is wrong");
				ensure!(count <= T::MaxGrantsPerCase::get(), "too many grants");
			}
			ensure!(GrantCount::<T>::iter().count() == counted.len(), "a grant without a count");
			for (case, count) in ReceiptCount::<T>::iter() {
				ensure!(count <= T::MaxReceiptsPerCase::get(), "too many receipts");
				ensure!(
					AccessReceipts::<T>::iter_prefix(case).count() == count as usize,
					"ReceiptCount is wrong"
				);
			}
			for (case, erasure) in Erasures::<T>::iter() {
				ensure!(
					erasure.erased.iter().all(|a| erasure.holders.contains(a)),
					"an erasure receipt from a non-holder"
				);
				ensure!(!GrantCount::<T>::contains_key(case), "an erased case keeps grants");
			}
			ensure!(
				ErasureLog::<T>::iter().count() as u64 == ErasureCount::<T>::get(),
				"ErasureLog does not match ErasureCount"
			);
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
		/// registered participant's. A seal or custodian key must be a key of its own, kept on
		/// the agency's node: an account key signs transactions, often from a wallet, and one
		/// leaked with it would let the thief seal (or sign erasures) as well as act.
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
