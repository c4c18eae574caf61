namespace Callaro.Db;
