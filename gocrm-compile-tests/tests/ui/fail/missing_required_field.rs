// A CreateLeadBody literal without its required `phone` (and no `..Default::default()`).
use gocrm_generated::types::CreateLeadBody;

fn main() {
    let _lead = CreateLeadBody {
        name: "Вова".into(),
        center_id: 1,
        birthday: "2019-11-18".into(),
        fio: None,
        mail: None,
        comment: None,
        utm: None,
        way_id: None,
        bot: None,
    };
}
