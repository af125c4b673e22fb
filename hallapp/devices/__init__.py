"""The devices on the applicant's side of the counter, each behind an interface with a fake and real adapters.

The card reader (身份证读卡器) is in ``hallapp.devices.card`` (types, errors, ``make_card_reader``);
its adapters in ``card_serial``, ``card_sdtapi`` and ``card_fake``. Adapters are imported by the
factory when chosen, so importing this package stays cheap and needs neither pyserial nor a DLL.
"""
