//! What rendering needs to know of each kind of entity, so that cards,
//! links and entity pages are written once for every kind. A kind
//! implements [`ShownEntity`] for its facts type (the model's
//! `EntityFacts`): the fields its card and its page show beyond the shared
//! ones. How those are hashed for incremental rebuilds is `deps`'s
//! `HashedEntity`, which every shown kind has.

use crate::deps::HashedEntity;
use serde::ser::SerializeStruct;
use stele_core::model::{ActorFacts, GeoPoint, SiteFacts};

/// Fields a kind adds to a serialized struct (a card, a page's entity).
pub trait ExtraFields {
    /// How many fields `serialize_into` writes.
    const COUNT: usize;
    fn serialize_into<S: SerializeStruct>(&self, out: &mut S) -> Result<(), S::Error>;
}

pub trait ShownEntity: HashedEntity {
    /// What the card of an entity of this kind shows beyond the shared card
    /// (a projection of the facts: a card must not read the rest).
    type Card<'a>: ExtraFields + Clone;
    /// What an entity's own page shows beyond the shared fields.
    type Page<'a>: ExtraFields;

    fn card(&self) -> Self::Card<'_>;
    fn page(&self) -> Self::Page<'_>;
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
    type Card<'a> = SiteCardFields<'a>;
    type Page<'a> = SitePageFields<'a>;

    fn card(&self) -> SiteCardFields<'_> {
        SiteCardFields { country: self.country.as_deref() }
    }
    fn page(&self) -> SitePageFields<'_> {
        SitePageFields { country: self.country.as_deref(), location: self.location, unesco: self.unesco.as_deref() }
    }
}

impl ShownEntity for ActorFacts {
    type Card<'a> = NoFields;
    type Page<'a> = NoFields;

    fn card(&self) -> NoFields {
        NoFields
    }
    fn page(&self) -> NoFields {
        NoFields
    }
}
