#pragma once
// Reader for EnergyPlus Weather (EPW) files: the hourly outdoor conditions a facility model needs
// (dry bulb, dew point, relative humidity, station pressure) plus the station's LOCATION header.
//
// Format source: EnergyPlus Auxiliary Programs, "EnergyPlus Weather File (EPW) Data Dictionary"
// (NREL/EnergyPlus doc/auxiliary-programs/.../energyplus-weather-file-epw-data-dictionary.tex):
// 8 header lines (LOCATION, DESIGN CONDITIONS, TYPICAL/EXTREME PERIODS, GROUND TEMPERATURES,
// HOLIDAYS/DAYLIGHT SAVINGS, COMMENTS 1, COMMENTS 2, DATA PERIODS), then comma-separated hourly
// records. 0-based data fields used: 1 month, 2 day, 3 hour (1..24, hour-ending: hour 1 covers
// 00:00-01:00), 6 dry bulb degC, 7 dew point degC, 8 relative humidity %, 9 station pressure Pa.
// Missing-value codes: 99.9 (temperatures), 999 (RH), 999999 (pressure).
//
// Only what a year-long facility simulation needs is supported: one data period, one record per
// hour, a full non-leap year (8,760 records, Jan 1 to Dec 31), as TMY/TMY3 files are. Design
// conditions, ground temperatures and the radiation/wind fields are not read.

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace wattsim::models {

/// A malformed or unsupported EPW file. what() reads "<file>:<line>: <message>"; line is 1-based and
/// 0 when the problem is not tied to one line (unreadable file, wrong number of records).
class EpwError : public std::runtime_error {
public:
  EpwError(std::string file, std::size_t line, const std::string& message);
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] std::size_t line() const { return line_; }

private:
  std::string file_;
  std::size_t line_;
};

/// The LOCATION header line.
struct EpwLocation {
  std::string city;
  std::string state_province;
  std::string country;
  std::string data_source;   ///< e.g. "TMY3"
  std::string wmo_station;   ///< WMO station number, kept as text (some files use letters)
  double latitude_deg = 0;   ///< + north
  double longitude_deg = 0;  ///< + east
  double time_zone_h = 0;    ///< hours from GMT, + east (standard time; EPW rows are local standard time)
  double elevation_m = 0;    ///< station elevation above sea level
};

/// One hourly record after missing values were filled.
struct EpwRecord {
  int month = 1;                  ///< 1..12
  int day = 1;                    ///< 1..31
  int hour = 1;                   ///< 1..24, hour-ending: the record is the state at the end of the hour
  double dry_bulb_c = 0;
  double dew_point_c = 0;         ///< clamped to <= dry bulb (rounding in the source can put it above)
  double relative_humidity = 0;   ///< 0..1, as given in the file (or recomputed where it was missing)
  double pressure_pa = 0;         ///< station (not sea-level) pressure
};

struct EpwData {
  std::string path;
  EpwLocation location;
  std::vector<EpwRecord> records;   ///< 8,760, Jan 1 hour 1 first
  std::size_t filled_values = 0;    ///< how many missing field values were filled
};

inline constexpr std::size_t kEpwHoursPerYear = 8760;
/// A run of missing values at least this long (a whole day) in one field is an error, not filled.
inline constexpr std::size_t kEpwMaxMissingRunH = 24;

/// Reads and validates an EPW file; fills isolated missing values (run shorter than a day) by linear
/// interpolation in time between the nearest valid neighbours (circular over the year end); a missing
/// dew point with a valid RH is recomputed from RH and dry bulb instead. Values that are neither valid
/// nor a missing code (e.g. a dry bulb of 150 degC) are an error, as are non-numeric fields, short rows,
/// dates out of sequence, and more or fewer than 8,760 records. Throws EpwError.
EpwData read_epw(const std::filesystem::path& path);

} // namespace wattsim::models
