//! What rendering needs to know of each kind of entity, so that cards,
//! links, entity pages and dependency hashes are written once for every
//! kind. A kind implements [`ShownEntity`] for its facts type (the model's
//! `EntityFacts`): the fields its card and its page show beyond the shared
//! ones, and how those are hashed for incremental rebuilds.

use crate::deps::{BufferedXxh3, Global, Ids, ItemNumbers};
use serde::ser::SerializeStruct;
use std::hash::Hash;
use stele_core::model::{ActorFacts, EntityFacts, GeoPoint, SiteFacts};

/// Fields a kind adds to a serialized struct (a card, a page's entity).
pub trait ExtraFields {
    /// How many fields `serialize_into` writes.
    const COUNT: usize;
    fn serialize_into<S: SerializeStruct>(&self, out: &mut S) -> Result<(), S::Error>;
}

pub trait ShownEntity: EntityFacts {
    /// The global fact that lists of every entity of this kind depend on.
    const SET: Global;
    /// What the card of an entity of this kind shows beyond the shared card
    /// (a projection of the facts: a card must not read the rest).
    type Card<'a>: ExtraFields + Clone;
    /// What an entity's own page shows beyond the shared fields.
    type Page<'a>: ExtraFields;

    /// This kind's item numbers, by model index.
    fn numbers(numbers: &ItemNumbers) -> &[u32];
    fn card(&self) -> Self::Card<'_>;
    fn page(&self) -> Self::Page<'_>;
    /// Hashes what `card` shows (the card facet).
    fn hash_card(&self, h: &mut BufferedXxh3);
    /// Hashes everything else (the full facet), derived lists by id.
    fn hash_full(&self, ids: Ids, h: &mut BufferedXxh3);
}

/// Nothing beyond the shared fields.
#[derive(Clone, Copy)]
pub struct NoFields;

impl ExtraFields for NoFields {
    const COUNT: usize = 0;
    fn serialize_into<S: SerializeStruct>(&self, _out: &mut S) -> Result<(), S::Error> {
        Ok(())
    }
}

/// A site card's own field.
#[derive(Clone, Copy)]
pub struct SiteCardFields<'a> {
    pub country: Option<&'a str>,
}

impl ExtraFields for SiteCardFields<'_> {
    const COUNT: usize = 1;
    fn serialize_into<S: SerializeStruct>(&self, out: &mut S) -> Result<(), S::Error> {
        out.serialize_field("country", &self.country)
    }
}

/// A site page's own fields.
pub struct SitePageFields<'a> {
    pub country: Option<&'a str>,
    pub location: Option<GeoPoint>,
    pub unesco: Option<&'a str>,
}

impl ExtraFields for SitePageFields<'_> {
    const COUNT: usize = 3;
    fn serialize_into<S: SerializeStruct>(&self, out: &mut S) -> Result<(), S::Error> {
        out.serialize_field("country", &self.country)?;
        out.serialize_field("location", &self.location)?;
        out.serialize_field("unesco", &self.unesco)
    }
}

impl ShownEntity for SiteFacts {
    const SET: Global = Global::SiteSet;
    type Card<'a> = SiteCardFields<'a>;
    type Page<'a> = SitePageFields<'a>;

    fn numbers(numbers: &ItemNumbers) -> &[u32] {
        &numbers.sites
    }
    fn card(&self) -> SiteCardFields<'_> {
        SiteCardFields { country: self.country.as_deref() }
    }
    fn page(&self) -> SitePageFields<'_> {
        SitePageFields { country: self.country.as_deref(), location: self.location, unesco: self.unesco.as_deref() }
    }
    // Each destructures the facts completely, so that a new field does not
    // compile until it is hashed.
    fn hash_card(&self, h: &mut BufferedXxh3) {
        let SiteFacts { country, location: _, unesco: _ } = self;
        country.hash(h);
    }
    fn hash_full(&self, _ids: Ids, h: &mut BufferedXxh3) {
        let SiteFacts { country: _, location, unesco } = self;
        location.map(|p| (p.lat.to_bits(), p.lon.to_bits())).hash(h);
        unesco.hash(h);
    }
}

impl ShownEntity for ActorFacts {
    const SET: Global = Global::ActorSet;
    type Card<'a> = NoFields;
    type Page<'a> = NoFields;

    fn numbers(numbers: &ItemNumbers) -> &[u32] {
        &numbers.actors
    }
    fn card(&self) -> NoFields {
        NoFields
    }
    fn page(&self) -> NoFields {
        NoFields
    }
    fn hash_card(&self, _h: &mut BufferedXxh3) {
        let ActorFacts { quotes: _ } = self;
    }
    fn hash_full(&self, ids: Ids, h: &mut BufferedXxh3) {
        let ActorFacts { quotes } = self;
        ids.mentioned_in(quotes, h);
    }
}
